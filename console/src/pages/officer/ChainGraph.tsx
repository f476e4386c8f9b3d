// The chain drawn with AntV G6: the nodes the park's coverage was measured on, in three bands
// (upstream, midstream, downstream) and coloured present / thin / missing, with the chain's supply
// edges between them. Clicking a node picks it; the gap list beside the graph does the same by keyboard.
import { Graph, NodeEvent, type IElementEvent } from "@antv/g6";
import { useEffect, useRef } from "react";
import type { MatchItem, Schemas } from "../../api/client";
import { TONE } from "../../tones";

export const STATUS_COLOUR: Record<string, string> = { covered: TONE.positive, thin: TONE.caution, missing: TONE.negative };
const STAGES = ["upstream", "midstream", "downstream"];
const PER_COLUMN = 14;
const NODE = { width: 150, height: 28, column: 166, row: 36, band: 60 };

type Props = {
  nodes: MatchItem[];
  edges: Schemas["ChainEdgeRead"][];
  selected?: number;
  onPick: (nodeId: number) => void;
  label: string;
};

/** Grid positions: each stage a band of columns of at most PER_COLUMN nodes. */
export function place(nodes: MatchItem[]): Map<number, { x: number; y: number }> {
  const positions = new Map<number, { x: number; y: number }>();
  let left = 0;
  for (const stage of STAGES) {
    const members = nodes.filter((node) => (node.details?.stage ?? "midstream") === stage);
    members.forEach((node, index) => {
      positions.set(node.id, {
        x: left + Math.floor(index / PER_COLUMN) * NODE.column,
        y: (index % PER_COLUMN) * NODE.row,
      });
    });
    if (members.length) left += Math.ceil(members.length / PER_COLUMN) * NODE.column + NODE.band;
  }
  return positions;
}

export function ChainGraph({ nodes, edges, selected, onPick, label }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (!container.current) return;
    const positions = place(nodes);
    const graph = new Graph({
      container: container.current,
      autoFit: "view",
      data: {
        nodes: nodes.map((node) => ({
          id: String(node.id),
          data: { name: node.name, status: String(node.details?.status) },
          style: positions.get(node.id),
        })),
        edges: edges
          .filter((edge) => positions.has(edge.supplier_node_id) && positions.has(edge.buyer_node_id))
          .map((edge) => ({ id: `e${edge.id}`, source: String(edge.supplier_node_id), target: String(edge.buyer_node_id) })),
      },
      node: {
        type: "rect",
        style: {
          size: [NODE.width, NODE.height],
          radius: 4,
          fill: (d) => STATUS_COLOUR[String(d.data?.status)] ?? "#595959",
          stroke: (d) => (d.id === String(selected) ? "#003eb3" : "#ffffff"),
          lineWidth: (d) => (d.id === String(selected) ? 4 : 1),
          labelText: (d) => String(d.data?.name ?? ""),
          labelFill: "#ffffff",
          labelPlacement: "center",
          labelFontSize: 12,
          labelMaxWidth: NODE.width - 8,
          cursor: "pointer",
        },
      },
      edge: { type: "cubic-horizontal", style: { stroke: "#4096ff", lineDash: [4, 4], endArrow: true, opacity: 0.6 } },
      behaviors: ["drag-canvas", "zoom-canvas"],
    });
    graph.on<IElementEvent>(NodeEvent.CLICK, (event) => pick.current(Number(event.target.id)));
    void graph.render();
    return () => graph.destroy();
  }, [nodes, edges, selected]);
  return <div ref={container} className="chain-graph" role="img" aria-label={label} />;
}
