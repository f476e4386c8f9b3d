// The six future-industry track scores of a park beside its peers' median (ECharts radar). Clicking
// a track's name on the chart picks it; the track table beside the chart does the same by keyboard.
import { LegendComponent, RadarComponent, TooltipComponent } from "echarts/components";
import { RadarChart } from "echarts/charts";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import type { Schemas } from "../api/client";
import { TONE } from "../tones";

echarts.use([RadarComponent, LegendComponent, TooltipComponent, RadarChart, CanvasRenderer]);

type Props = {
  points: Schemas["RadarPoint"][];
  /** The legend's names of the two series. */
  park: string;
  peers: string;
  onPick: (track: string) => void;
  label: string;
};

export function TrackRadar({ points, park, peers, onPick, label }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (!container.current) return;
    const chart = echarts.init(container.current);
    chart.setOption({
      tooltip: { trigger: "item" },
      legend: { bottom: 0, data: [park, peers] },
      radar: {
        indicator: points.map((point) => ({ name: point.track, max: 100 })),
        radius: "65%",
        triggerEvent: true,
        axisName: { color: "rgba(0, 0, 0, 0.85)", fontSize: 13 },
      },
      series: [
        {
          type: "radar",
          data: [
            {
              name: park,
              value: points.map((point) => point.score ?? 0),
              itemStyle: { color: TONE.info },
              areaStyle: { opacity: 0.2 },
            },
            {
              name: peers,
              value: points.map((point) => point.peer_median ?? 0),
              itemStyle: { color: "#595959" },
              lineStyle: { type: "dashed" },
            },
          ],
        },
      ],
    });
    // A track's name on the axis (targetType axisName) carries the track as its name.
    chart.on("click", (event) => {
      const target = event as { componentType?: string; targetType?: string; name?: string };
      if (target.componentType === "radar" && target.targetType === "axisName" && target.name) pick.current(target.name);
    });
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [points, park, peers]);
  return <div ref={container} className="track-radar" role="img" aria-label={label} />;
}
