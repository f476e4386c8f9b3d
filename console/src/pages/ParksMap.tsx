// A map of parks (ECharts): every park with coordinates, coloured by how far its coordinates can be
// trusted; the list under the map names the same parks, each opening its dossier. The boundary is
// the development file shipped with echarts 4 — a deployment supplies an approved map.
import { ProTable, type ProColumns } from "@ant-design/pro-components";
import { Alert, Card, Select, Space, Tag } from "antd";
import { GeoComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { ScatterChart } from "echarts/charts";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import china from "echarts-dev-map/map/json/china.json";
import { useEffect, useRef, useState } from "react";
import { get, query, type Page, type Schemas } from "../api/client";
import { useLoad } from "../api/useLoad";
import { Failure } from "../components/Failure";
import { useI18n } from "../i18n";
import { PROVINCES } from "../provinces";
import { href, navigate } from "../router";
import { TONE } from "../tones";

echarts.use([GeoComponent, LegendComponent, TooltipComponent, ScatterChart, CanvasRenderer]);
echarts.registerMap("china-development", china as unknown as Parameters<typeof echarts.registerMap>[1]);

type Park = Schemas["ParkRead"];
type Quality = NonNullable<Park["coordinate_quality"]>;
const QUALITY_COLOUR: Record<Quality, string> = {
  checked: TONE.positive,
  source: TONE.info,
  shared_point: TONE.caution,
  outside_province: TONE.negative,
  unknown: "#595959",
};
const PAGE = 200;

/** Every park of a province (or all), following the cursor. */
async function allParks(province: string | undefined): Promise<Park[]> {
  const parks: Park[] = [];
  let cursor: string | null | undefined;
  do {
    const page: Page<Park> = await get(`/parks${query({ province, limit: PAGE, cursor })}`);
    parks.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return parks;
}

export default function ParksMap() {
  const { t } = useI18n();
  const [province, setProvince] = useState<string>();
  const parks = useLoad(() => allParks(province), [province]);
  const placed = (parks.data ?? []).filter((park) => park.longitude != null && park.latitude != null);
  const chart = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!chart.current) return;
    const instance = echarts.init(chart.current);
    const qualities = Object.keys(QUALITY_COLOUR) as Quality[];
    instance.setOption({
      tooltip: { formatter: (p: { data: { name: string; quality: Quality } }) => `${p.data.name}<br/>${t("coordinateQuality")}: ${t(`quality_${p.data.quality}`)}` },
      legend: { bottom: 0, data: qualities.map((quality) => t(`quality_${quality}`)) },
      geo: { map: "china-development", roam: true, itemStyle: { areaColor: "#f5f5f5", borderColor: "#bfbfbf" } },
      series: qualities.map((quality) => ({
        name: t(`quality_${quality}`),
        type: "scatter",
        coordinateSystem: "geo",
        symbolSize: 5,
        itemStyle: { color: QUALITY_COLOUR[quality] },
        data: placed
          .filter((park) => (park.coordinate_quality ?? "unknown") === quality)
          .map((park) => ({ name: park.name, id: park.id, quality, value: [park.longitude, park.latitude] })),
      })),
    });
    instance.on("click", (event) => {
      const id = (event.data as { id?: number } | undefined)?.id;
      if (id) navigate("/parks", { id });
    });
    const resize = () => instance.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      instance.dispose();
    };
  }, [placed.length, province, t]);
  const columns: ProColumns<Park>[] = [
    { title: t("park"), dataIndex: "name", render: (_, park) => <a href={href("/parks", { id: park.id })}>{park.name}</a> },
    { title: t("province"), render: (_, park) => `${park.province} ${park.city ?? ""}` },
    {
      title: t("coordinateQuality"),
      dataIndex: "coordinate_quality",
      render: (_, park) => {
        const quality = park.coordinate_quality ?? "unknown";
        return <Tag color={QUALITY_COLOUR[quality]}>{t(`quality_${quality}`)}</Tag>;
      },
    },
    { title: t("asOf"), dataIndex: "as_of" },
  ];
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Alert type="warning" showIcon message={t("mapBoundaryNote")} />
      <Card>
        <Select allowClear aria-label={t("province")} placeholder={t("province")} style={{ width: 220 }}
          options={PROVINCES.map((p) => ({ value: p, label: p }))} value={province} onChange={setProvince} />{" "}
        {t("parksWithCoordinates")}: {placed.length} / {parks.data?.length ?? 0}
        <Failure error={parks.error} />
        <div ref={chart} className="park-map" role="img" aria-label={`${t("parksMap")}: ${placed.length}`} />
      </Card>
      <ProTable<Park> rowKey="id" search={false} options={false} loading={parks.loading} dataSource={parks.data ?? []}
        columns={columns} pagination={{ pageSize: 20 }} headerTitle={t("parksMap")} />
    </Space>
  );
}
