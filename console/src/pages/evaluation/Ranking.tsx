// Parks ranked by the evaluation (GET /evaluation/parks): by the six-track overall score or the
// development weighting (科技创新 / 产业跃升 / 三化转型 / 开放协同 / 投资环境), or by one track's score,
// filtered by zone type, approval level and province; each park opens its scorecard. The filters
// live in the address (#/ranking?track=未来信息), so a scorecard's "rank by this track" lands here.
import { Card, Select, Space, Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { Schemas } from "../../api/client";
import { usePages } from "../../api/usePages";
import { Failure } from "../../components/Failure";
import { MorePages } from "../../components/MorePages";
import { TenantCount } from "../../components/TenantCount";
import { score } from "../../evaluation";
import { useI18n } from "../../i18n";
import { PROVINCES } from "../../provinces";
import { href, navigate, useLocation } from "../../router";
import { TONE } from "../../tones";
import { trackOptions, TrackScope, useTracks } from "../../tracks";
import { codeLabel } from "./labels";

type Item = Schemas["ParkRankItem"];
const PAGE = 50;
const ZONE_TYPES: Schemas["ZoneType"][] = ["etdz", "high_tech", "special_customs", "border_cooperation", "economic_development", "industrial_park", "virtual_park", "other"];
const LEVELS: Schemas["ApprovalLevel"][] = ["national", "provincial", "municipal"];
const FILTERS = ["weighting", "track", "zone_type", "approval_level", "province"] as const;
const WEIGHTINGS = ["tracks", "development"] as const;

export default function Ranking() {
  const { t } = useI18n();
  const { params } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const pages = usePages<Item>("/evaluation/parks", filters, PAGE);
  const tracks = useTracks();
  const filter = (name: (typeof FILTERS)[number], value: string | undefined) => navigate("/ranking", { ...filters, [name]: value });
  const columns: ColumnsType<Item> = [
    {
      title: t("rank"),
      key: "rank",
      align: "right",
      width: 72,
      render: (_, item) => (filters.weighting === "development" ? item.development_rank : item.rank),
    },
    {
      title: t("park"),
      key: "park",
      render: (_, item) => (
        <a href={href("/scorecard", { park: item.park_id, track: filters.track })} data-testid="ranked-park">
          {item.name}
        </a>
      ),
    },
    { title: t("province"), dataIndex: "province", render: (value: string | null) => value ?? "—" },
    { title: t("zoneType"), key: "zone", render: (_, item) => `${codeLabel(item.zone_type, t)} · ${codeLabel(item.approval_level, t)}` },
    ...(filters.track
      ? [{ title: `${t("trackScore")}: ${filters.track}`, key: "track", align: "right" as const, render: (_: unknown, item: Item) => score(item.track_score) }]
      : []),
    filters.weighting === "development"
      ? { title: t("weighting_development"), key: "development", align: "right", render: (_, item) => score(item.development) }
      : { title: t("overall"), key: "overall", align: "right", render: (_, item) => score(item.overall) },
    { title: t("percentile"), key: "percentile", align: "right", render: (_, item) => score(item.overall_percentile) },
    {
      title: t("strongTracks"),
      key: "strong",
      render: (_, item) => (
        <Space size={2} wrap>
          {item.strong_tracks.map((name) => (
            <Tag key={name} color={TONE.positive}>{name}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t("tenantsTotal"),
      key: "tenants",
      align: "right",
      render: (_, item) => <TenantCount total={item.total_tenants} generated={item.generated_tenants} />,
    },
  ];
  const select = (name: (typeof FILTERS)[number], label: string, options: { value: string; label: string }[], width = 180) => (
    <Select allowClear aria-label={label} placeholder={label} style={{ width }} value={filters[name]} options={options}
      onChange={(value?: string) => filter(name, value)} />
  );
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Card>
        <Space wrap>
          {select("weighting", t("weighting"), WEIGHTINGS.map((code) => ({ value: code, label: t(`weighting_${code}`) })), 240)}
          {select("track", t("track"), trackOptions(tracks))}
          {select("zone_type", t("zoneType"), ZONE_TYPES.map((code) => ({ value: code, label: codeLabel(code, t) })), 220)}
          {select("approval_level", t("approvalLevel"), LEVELS.map((code) => ({ value: code, label: codeLabel(code, t) })))}
          {select("province", t("province"), PROVINCES.map((name) => ({ value: name, label: name })))}
        </Space>
        <TrackScope name={filters.track} tracks={tracks} />
      </Card>
      <Failure error={pages.error ?? tracks.error} />
      <Card>
        <Table<Item> size="small" rowKey="park_id" columns={columns} dataSource={pages.items} loading={pages.loading}
          pagination={false} />
        <MorePages pages={pages} />
      </Card>
    </Space>
  );
}
