// The chain drawn with AntV G6: the node tree (upstream → downstream) plus supply edges, each node
// coloured by the park's coverage. Clicking a node picks it; the list under the graph does the same
// by keyboard.
import { Graph, NodeEvent, type IElementEvent } from "@antv/g6";
import { useEffect, useRef } from "react";
import type { Schemas } from "../../api/client";

export const STATUS_COLOUR: Record<string, string> = { covered: "#389e0d", thin: "#d48806", missing: "#cf1322" };

type Props = {
  chain: Schemas["ChainRead"];
  status: Map<number, string>;
  selected?: number;
  onPick: (nodeId: number) => void;
  label: string;
};

export function ChainGraph({ chain, status, selected, onPick, label }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (!container.current) return;
    const nodes = chain.nodes.map((node) => ({
      id: String(node.id),
      data: { name: node.name, status: status.get(node.id) ?? "missing" },
    }));
    const tree = chain.nodes
      .filter((node) => node.parent_id)
      .map((node) => ({ id: `t${node.id}`, source: String(node.parent_id), target: String(node.id), data: { kind: "tree" } }));
    const supply = chain.edges.map((edge) => ({
      id: `s${edge.id}`,
      source: String(edge.supplier_node_id),
      target: String(edge.buyer_node_id),
      data: { kind: "supply" },
    }));
    const graph = new Graph({
      container: container.current,
      autoFit: "view",
      data: { nodes, edges: [...tree, ...supply] },
      node: {
        type: "rect",
        style: {
          size: [116, 30],
          radius: 4,
          fill: (d) => STATUS_COLOUR[String(d.data?.status)] ?? "#8c8c8c",
          stroke: (d) => (d.id === String(selected) ? "#1677ff" : "#fff"),
          lineWidth: (d) => (d.id === String(selected) ? 3 : 1),
          labelText: (d) => String(d.data?.name ?? ""),
          labelFill: "#fff",
          labelPlacement: "center",
          labelFontSize: 11,
          labelMaxWidth: 110,
          cursor: "pointer",
        },
      },
      edge: {
        type: "cubic-horizontal",
        style: {
          stroke: (d) => (d.data?.kind === "supply" ? "#1677ff" : "#bfbfbf"),
          lineDash: (d) => (d.data?.kind === "supply" ? [4, 4] : undefined),
          endArrow: (d) => d.data?.kind === "supply",
        },
      },
      layout: { type: "dagre", rankdir: "LR", nodesep: 8, ranksep: 40 },
      behaviors: ["drag-canvas", "zoom-canvas"],
    });
    graph.on<IElementEvent>(NodeEvent.CLICK, (event) => pick.current(Number(event.target.id)));
    graph.render();
    return () => graph.destroy();
  }, [chain, status, selected]);
  return <div ref={container} className="chain-graph" role="img" aria-label={label} />;
}
