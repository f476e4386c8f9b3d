// Parks ranked by the evaluation (GET /evaluation/parks): by overall score, or by one track's score,
// filtered by zone type, approval level and province; each park opens its scorecard. The filters
// live in the address (#/ranking?track=未来信息), so a scorecard's "rank by this track" lands here.
import { Button, Card, Select, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useEffect, useState } from "react";
import { ApiError, get, query, type Page, type Schemas } from "../../api/client";
import { useLoad } from "../../api/useLoad";
import { Failure } from "../../components/Failure";
import { NoData } from "../../components/NoData";
import { score, TRACKS } from "../../evaluation";
import { useI18n } from "../../i18n";
import { PROVINCES } from "../../provinces";
import { href, navigate, useLocation } from "../../router";
import { TONE } from "../../tones";
import { codeLabel } from "./labels";

type Item = Schemas["ParkRankItem"];
const PAGE = 50;
const ZONE_TYPES: Schemas["ZoneType"][] = ["etdz", "high_tech", "special_customs", "border_cooperation", "economic_development", "industrial_park", "virtual_park", "other"];
const LEVELS: Schemas["ApprovalLevel"][] = ["national", "provincial", "municipal"];
const FILTERS = ["track", "zone_type", "approval_level", "province"] as const;

export default function Ranking() {
  const { t } = useI18n();
  const { params } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const key = JSON.stringify(filters);
  const first = useLoad(() => get<Page<Item>>(`/evaluation/parks${query({ ...filters, limit: PAGE })}`), [key]);
  const [more, setMore] = useState<Page<Item>[]>([]);
  const [moreError, setMoreError] = useState<Error>();
  const [loadingMore, setLoadingMore] = useState(false);
  useEffect(() => setMore([]), [key]);
  const last = more.at(-1) ?? first.data;
  const items = [...(first.data?.items ?? []), ...more.flatMap((page) => page.items)];
  const loadMore = async () => {
    if (!last?.next_cursor) return;
    setLoadingMore(true);
    try {
      const page = await get<Page<Item>>(`/evaluation/parks${query({ ...filters, limit: PAGE, cursor: last.next_cursor })}`);
      setMore((pages) => [...pages, page]);
      setMoreError(undefined);
    } catch (error) {
      setMoreError(error instanceof ApiError ? error : new Error(String(error)));
    } finally {
      setLoadingMore(false);
    }
  };
  const filter = (name: (typeof FILTERS)[number], value: string | undefined) => navigate("/ranking", { ...filters, [name]: value });
  const columns: ColumnsType<Item> = [
    { title: t("rank"), dataIndex: "rank", align: "right", width: 72 },
    {
      title: t("park"),
      key: "park",
      render: (_, item) => (
        <a href={href("/scorecard", { park: item.park_id, ...(filters.track ? { track: filters.track } : {}) })} data-testid="ranked-park">
          {item.name}
        </a>
      ),
    },
    { title: t("province"), dataIndex: "province", render: (value: string | null) => value ?? "—" },
    { title: t("zoneType"), key: "zone", render: (_, item) => `${codeLabel(item.zone_type, t)} · ${codeLabel(item.approval_level, t)}` },
    ...(filters.track
      ? [{ title: `${t("trackScore")}: ${filters.track}`, key: "track", align: "right" as const, render: (_: unknown, item: Item) => score(item.track_score) }]
      : []),
    { title: t("overall"), key: "overall", align: "right", render: (_, item) => score(item.overall) },
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
    { title: t("tenantsTotal"), dataIndex: "total_tenants", align: "right" },
  ];
  const select = (name: (typeof FILTERS)[number], label: string, options: { value: string; label: string }[], width = 180) => (
    <Select allowClear aria-label={label} placeholder={label} style={{ width }} value={filters[name]} options={options}
      onChange={(value?: string) => filter(name, value)} />
  );
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Card>
        <Space wrap>
          {select("track", t("track"), TRACKS.map((name) => ({ value: name, label: name })))}
          {select("zone_type", t("zoneType"), ZONE_TYPES.map((code) => ({ value: code, label: codeLabel(code, t) })), 220)}
          {select("approval_level", t("approvalLevel"), LEVELS.map((code) => ({ value: code, label: codeLabel(code, t) })))}
          {select("province", t("province"), PROVINCES.map((name) => ({ value: name, label: name })))}
        </Space>
      </Card>
      <Failure error={first.error ?? moreError} />
      <Card>
        <Table<Item> size="small" rowKey="park_id" columns={columns} dataSource={items} loading={first.loading}
          pagination={false} locale={{ emptyText: <NoData /> }} aria-label={t("ranking")} />
        <Space style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">
            {items.length} / {first.data?.total ?? 0}
          </Typography.Text>
          {last?.next_cursor && (
            <Button onClick={() => void loadMore()} loading={loadingMore}>
              {t("loadMore")}
            </Button>
          )}
        </Space>
      </Card>
    </Space>
  );
}
