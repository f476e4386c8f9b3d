// A park's scorecard against its peers (GET /evaluation/parks/{id}): its rank and overall score,
// the six future-industry tracks on a radar beside the peer median, the picked track's (or chain's)
// indicators with value, percentile, peer median and data date, the park's chains (each opening its
// chain map) and the support indicators. docs/evaluation.md explains every number.
import { Button, Card, Col, Descriptions, Empty, Progress, Row, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { ReactNode } from "react";
import { get } from "../../api/client";
import { useLoad } from "../../api/useLoad";
import { Failure } from "../../components/Failure";
import { NoPark } from "../../components/NoPark";
import { TenantCount } from "../../components/TenantCount";
import { TrackRadar } from "../../components/TrackRadar";
import { formatIndicator, indicatorDate, score, type Group, type Indicator, type ScorecardData } from "../../evaluation";
import { useI18n } from "../../i18n";
import { href, navigate, useLocation } from "../../router";
import { ownPark, useSession } from "../../session";
import { TONE } from "../../tones";
import { TrackScope, useTracks } from "../../tracks";
import { codeLabel, peerGroupLabel } from "./labels";

const CHAIN_STAGES = ["upstream", "midstream", "downstream"] as const;

export default function Scorecard() {
  const { t } = useI18n();
  const { me } = useSession();
  const { params } = useLocation();
  const parkId = Number(params.get("park")) || (me ? ownPark(me) : undefined);
  const chainId = Number(params.get("chain")) || undefined;
  const card = useLoad(parkId ? () => get<ScorecardData>(`/evaluation/parks/${parkId}`) : null, [parkId]);
  if (!parkId) return <NoPark />;
  const data = card.data;
  const pick = (next: { track?: string; chain?: number }) => navigate("/scorecard", { park: parkId, ...next });
  const picked: Group | undefined = chainId
    ? data?.chains.find((chain) => chain.id === chainId)
    : data?.tracks.find((track) => track.name === (params.get("track") ?? data.strongest_track ?? data.tracks[0]?.name));
  const mayOpenChainMap = me?.role === "officer" || me?.role === "admin";
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Failure error={card.error} />
      <Card loading={card.loading && !data} title={data?.name}>
        {data && <Summary card={data} />}
      </Card>
      {data && (
        <>
          <Row gutter={16}>
            <Col xs={24} xl={10}>
              <Card title={t("tracks")}>
                <TrackRadar
                  points={data.radar}
                  park={t("thisPark")}
                  peers={t("peerMedian")}
                  onPick={(track) => pick({ track })}
                  label={`${t("tracks")}: ${data.radar.map((p) => `${p.track} ${score(p.score)} / ${score(p.peer_median)}`).join("; ")}`}
                />
                <Typography.Text type="secondary">{t("pickTrack")}</Typography.Text>
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card title={t("trackScores")}>
                <GroupTable groups={data.tracks} picked={picked} radar={data.radar} onPick={(group) => pick({ track: group.name })} />
              </Card>
            </Col>
          </Row>
          <Card
            title={picked ? `${t("indicators")}: ${picked.name}` : t("indicators")}
            extra={picked && <GroupActions group={picked} parkId={parkId} mayOpenChainMap={mayOpenChainMap} />}
          >
            {picked ? <GroupDetail group={picked} card={data} /> : <Empty description={t("pickTrack")} />}
          </Card>
          <Card title={t("chainsInPark")}>
            <GroupTable
              groups={[...data.chains].sort((a, b) => (b.score ?? -1) - (a.score ?? -1))}
              picked={picked}
              onPick={(group) => pick({ chain: group.id ?? undefined })}
              action={(group) => <GroupActions group={group} parkId={parkId} mayOpenChainMap={mayOpenChainMap} />}
            />
          </Card>
          <Card title={t("support")}>
            <IndicatorTable indicators={data.support.indicators} card={data} label={t("support")} />
            {(data.support.generated_area_m2 > 0 || data.support.generated_funds > 0) && (
              <Space style={{ marginTop: 8 }}>
                <Tag color={TONE.caution}>{t("generated")}</Tag>
                <Typography.Text>
                  {t("generatedArea")}: {formatIndicator("available_area_m2", data.support.generated_area_m2)} · {t("generatedFunds")}:{" "}
                  {data.support.generated_funds}
                </Typography.Text>
              </Space>
            )}
          </Card>
          <Card title={`${t("dimensions")}: ${score(data.development)}（${t("rank")} #${data.development_rank}）`}
            extra={<a href={href("/ranking", { weighting: "development" })}>{t("ranking")}</a>}>
            <Dimensions dimensions={data.dimensions} />
            <IndicatorTable indicators={data.profile} card={data} label={t("dimensions")} />
          </Card>
        </>
      )}
    </Space>
  );
}

function Summary({ card }: { card: ScorecardData }) {
  const { t } = useI18n();
  const financials = indicatorDate("net_margin_pct", card.data_dates);
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
      <Descriptions.Item label={t("rank")}>
        <Space>
          <Typography.Text strong data-testid="rank">#{card.rank}</Typography.Text>
          <a href={href("/ranking")}>{t("ranking")}</a>
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t("overall")}>
        {score(card.overall)}（{t("percentile")} {score(card.overall_percentile)}）
      </Descriptions.Item>
      <Descriptions.Item label={t("peerGroup")}>
        {peerGroupLabel(card.peer_group, t)}（{card.peer_count}）
      </Descriptions.Item>
      <Descriptions.Item label={t("weighting_development")}>
        {score(card.development)}（#{card.development_rank}）
      </Descriptions.Item>
      <Descriptions.Item label={t("strongestTrack")}>{card.strongest_track ?? "—"}</Descriptions.Item>
      <Descriptions.Item label={t("strongTracks")}>
        {card.strong_tracks.length ? card.strong_tracks.map((name) => <Tag key={name} color={TONE.positive}>{name}</Tag>) : "—"}
      </Descriptions.Item>
      <Descriptions.Item label={t("tenantsTotal")}>
        <TenantCount total={card.total_tenants} generated={card.generated_tenants} />
      </Descriptions.Item>
      <Descriptions.Item label={t("park")}>
        <Space wrap>
          <a href={href("/parks", { id: card.park_id })}>{t("parkDossier")}</a>
          {card.is_virtual && <Tag>{t("virtualPark")}</Tag>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t("asOf")}>
        {t("tracksConfig")} {card.tracks_version}（{card.data_dates.tracks ?? "—"}）· {t("financials")} {financials}
      </Descriptions.Item>
      <Descriptions.Item label={t("methodology")}>{card.methodology}</Descriptions.Item>
    </Descriptions>
  );
}

type GroupTableProps = {
  groups: Group[];
  picked?: Group;
  /** The tracks' radar points: a peer-median column. */
  radar?: ScorecardData["radar"];
  onPick: (group: Group) => void;
  /** A last column: what to do with the group. */
  action?: (group: Group) => ReactNode;
};

/** Tracks or chains, one row each: the row's name picks it (its indicators below). */
function GroupTable({ groups, picked, radar, onPick, action }: GroupTableProps) {
  const { t } = useI18n();
  const medians = new Map((radar ?? []).map((point) => [point.track, point.peer_median]));
  const columns: ColumnsType<Group> = [
    {
      title: radar ? t("track") : t("chain"),
      key: "name",
      render: (_, group) => (
        <Button type="link" style={{ padding: 0 }} aria-pressed={group === picked} onClick={() => onPick(group)} data-testid="group">
          {group === picked ? <strong>{group.name}</strong> : group.name}
        </Button>
      ),
    },
    { title: t("groupScore"), key: "score", align: "right", render: (_, group) => score(group.score) },
    ...(radar ? [{ title: t("peerMedian"), key: "median", align: "right" as const, render: (_: unknown, group: Group) => score(medians.get(group.name)) }] : []),
    {
      title: t("memberTenants"),
      key: "members",
      align: "right",
      render: (_, group) => <TenantCount total={group.member_tenants} generated={group.generated_tenants} />,
    },
    { title: t("coverageByStage"), key: "stages", render: (_, group) => <StageCoverage coverage={group.coverage_by_stage} /> },
    {
      title: t("strong"),
      key: "strong",
      render: (_, group) => (group.strong ? <Tag color={TONE.positive}>{t("strong")}</Tag> : null),
    },
    ...(action ? [{ title: t("next"), key: "action", render: (_: unknown, group: Group) => action(group) }] : []),
  ];
  return (
    <Table<Group>
      size="small"
      rowKey={(group) => `${group.kind}-${group.id ?? group.name}`}
      columns={columns}
      dataSource={groups}
      pagination={false}
     
    />
  );
}

function StageCoverage({ coverage }: { coverage: Group["coverage_by_stage"] }) {
  const { t } = useI18n();
  const parts = CHAIN_STAGES.filter((stage) => coverage[stage] !== undefined && coverage[stage] !== null);
  if (!parts.length) return <>—</>;
  return <>{parts.map((stage) => `${t(`chainStage_${stage}`)} ${formatIndicator("coverage", coverage[stage])}`).join(" · ")}</>;
}

function GroupActions({ group, parkId, mayOpenChainMap }: { group: Group; parkId: number; mayOpenChainMap: boolean }) {
  const { t } = useI18n();
  if (group.kind === "chain") {
    return (
      <Space>
        {mayOpenChainMap && group.id && <a href={href("/officer/chain", { park: parkId, chain: group.id })}>{t("chainMap")}</a>}
        {group.id && <a href={href("/pool", { chain_id: group.id })}>{t("poolOfGroup")}</a>}
      </Space>
    );
  }
  return (
    <Space>
      <a href={href("/benchmark", { park: parkId, track: group.name })}>{t("benchmark")}</a>
      <a href={href("/ranking", { track: group.name })}>{t("rankingByTrack")}</a>
      <a href={href("/pool", { track: group.name })}>{t("poolOfGroup")}</a>
    </Space>
  );
}

function GroupDetail({ group, card }: { group: Group; card: ScorecardData }) {
  const { t } = useI18n();
  const tracks = useTracks();
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      {group.kind === "track" && <TrackScope name={group.name} tracks={tracks} />}
      <IndicatorTable indicators={group.indicators} card={card} label={`${t("indicators")}: ${group.name}`} />
      <Typography.Text>
        {t("leaders")}: {group.leaders.length ? group.leaders.join("、") : "—"}
      </Typography.Text>
      {group.generated_tenants > 0 && (
        <Typography.Text type="secondary">
          <Tag color={TONE.caution}>{t("generated")}</Tag>
          {t("generatedTenantsHelp")}: {group.generated_tenants} / {group.member_tenants}
        </Typography.Text>
      )}
    </Space>
  );
}

function Dimensions({ dimensions }: { dimensions: ScorecardData["dimensions"] }) {
  const { t } = useI18n();
  const columns: ColumnsType<ScorecardData["dimensions"][number]> = [
    { title: t("dimensions"), dataIndex: "name" },
    { title: t("weight"), dataIndex: "weight", align: "right" },
    { title: t("percentile"), key: "value", align: "right", render: (_, d) => (d.value === null ? t("leftOut") : score(d.value)) },
    { title: t("fedBy"), key: "indicators", render: (_, d) => (d.indicators.length ? d.indicators.map((name) => codeLabel(name, t)).join("、") : "—") },
  ];
  return <Table size="small" rowKey="name" columns={columns} dataSource={dimensions} pagination={false} style={{ marginBottom: 12 }} />;
}

function IndicatorTable({ indicators, card, label }: { indicators: Indicator[]; card: ScorecardData; label: string }) {
  const { t } = useI18n();
  const columns: ColumnsType<Indicator> = [
    { title: t("indicator"), key: "name", render: (_, i) => codeLabel(i.name, t) },
    { title: t("value"), key: "value", align: "right", render: (_, i) => formatIndicator(i.name, i.value) },
    {
      title: t("percentile"),
      key: "percentile",
      render: (_, i) =>
        i.percentile === null ? (
          "—"
        ) : (
          <Progress percent={i.percentile} size="small" format={() => score(i.percentile)} style={{ width: 160 }}
            aria-label={`${t("percentile")} ${score(i.percentile)}`} />
        ),
    },
    { title: t("peerMedian"), key: "median", align: "right", render: (_, i) => formatIndicator(i.name, i.peer_median) },
    { title: t("asOf"), key: "date", render: (_, i) => indicatorDate(i.name, card.data_dates) },
  ];
  return (
    <Table<Indicator> size="small" rowKey="name" columns={columns} dataSource={indicators} pagination={false}
      aria-label={label} data-testid="indicators" />
  );
}
