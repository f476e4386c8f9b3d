// 对标 (GET /evaluation/parks/{id}/benchmark?track=): the parks that resemble this one (from any
// province, by type, level, size and industry profile, never by name) and score higher on the
// track; what most of them have that this park lacks (chain segments, leaders, carrier kinds, policy
// categories), with the share of peers having each and which; and the companies that would fill
// each gap, with evidence, their data date and "add to pipeline".
import { Card, Collapse, Progress, Select, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { get, query, type MatchItem, type Schemas } from "../../api/client";
import { useLoad } from "../../api/useLoad";
import { AddToPipeline, usePipeline } from "../../components/AddToPipeline";
import { Failure } from "../../components/Failure";
import { companyLink, MatchList } from "../../components/MatchList";
import { NoPark } from "../../components/NoPark";
import { score } from "../../evaluation";
import { useI18n } from "../../i18n";
import { href, navigate, useLocation } from "../../router";
import { ownPark, useSession } from "../../session";
import { TONE } from "../../tones";
import { trackOptions, TrackScope, useTracks } from "../../tracks";
import { codeLabel } from "./labels";

type Peer = Schemas["BenchmarkPeer"];
type Gap = Schemas["BenchmarkGap"];

/** A gap's companies as match items: the score is the membership confidence at the gap's node. */
export const targetItems = (gap: Gap): MatchItem[] =>
  gap.targets.map((target) => ({
    id: target.company_id,
    name: target.name,
    score: target.confidence,
    code: target.stock_code,
    evidence: target.evidence,
    details: { province: target.province, company_score: target.company_score },
  }));

export default function Benchmark() {
  const { t } = useI18n();
  const { me } = useSession();
  const { params } = useLocation();
  const parkId = Number(params.get("park")) || (me ? ownPark(me) : undefined);
  const tracks = useTracks();
  const track = params.get("track") ?? tracks.data?.tracks[0]?.name;
  const answer = useLoad(
    parkId && track ? () => get<Schemas["BenchmarkRead"]>(`/evaluation/parks/${parkId}/benchmark${query({ track })}`) : null,
    [parkId, track],
  );
  const pipeline = usePipeline(me?.role === "officer" ? parkId : undefined);
  if (!parkId) return <NoPark />;
  const data = answer.data;
  const officer = me?.role === "officer" && me.park_ids.includes(parkId);
  const peerColumns: ColumnsType<Peer> = [
    {
      title: t("park"),
      key: "name",
      render: (_, peer) => <a href={href("/scorecard", { park: peer.park_id, track })}>{peer.name}</a>,
    },
    { title: t("province"), dataIndex: "province", render: (value: string | null) => value ?? "—" },
    { title: t("zoneType"), key: "zone", render: (_, peer) => `${codeLabel(peer.zone_type, t)} · ${codeLabel(peer.approval_level, t)}` },
    { title: t("trackScore"), key: "score", align: "right", render: (_, peer) => score(peer.track_score) },
    { title: t("resemblance"), key: "resemblance", align: "right", render: (_, peer) => peer.resemblance.toFixed(2) },
    { title: t("profileCosine"), key: "cosine", align: "right", render: (_, peer) => peer.profile_cosine.toFixed(2) },
    { title: t("sharedAttributes"), key: "shared", render: (_, peer) => peer.shared.map((code) => <Tag key={code}>{codeLabel(code, t)}</Tag>) },
  ];
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Card>
        <Space wrap size="large">
          <label>
            {t("track")}{" "}
            <Select aria-label={t("track")} style={{ width: 180 }} value={track}
              options={trackOptions(tracks)}
              onChange={(value: string) => navigate("/benchmark", { park: parkId, track: value })} />
          </label>
          {data && (
            <>
              <Typography.Text strong>{data.name}</Typography.Text>
              <Typography.Text>
                {t("trackScore")}: <span data-testid="track-score">{score(data.track_score)}</span>
              </Typography.Text>
              <a href={href("/scorecard", { park: parkId, track })}>{t("scorecard")}</a>
              <Typography.Text type="secondary">{t("methodology")}: {data.methodology}</Typography.Text>
            </>
          )}
        </Space>
        <TrackScope name={track} tracks={tracks} />
      </Card>
      <Failure error={answer.error ?? tracks.error} />
      <Card title={t("benchmarkPeers")} loading={(answer.loading || tracks.loading) && !data}>
        <Table<Peer> size="small" rowKey="park_id" columns={peerColumns} dataSource={data?.peers ?? []} pagination={false}
          data-testid="benchmark-peers" />
      </Card>
      <Card title={t("benchmarkGaps")} loading={(answer.loading || tracks.loading) && !data}>
        {data && data.gaps.length === 0 && <Typography.Text>{t("noGaps")}</Typography.Text>}
        <Collapse
          items={(data?.gaps ?? []).map((gap) => ({
            key: `${gap.kind}-${gap.key}`,
            label: <GapTitle gap={gap} />,
            children: (
              <Space direction="vertical" style={{ width: "100%" }}>
                <Typography.Text>
                  {t("peersHaving")}:{" "}
                  {gap.peers.map((peer, index) => (
                    <span key={peer.park_id}>
                      {index > 0 && "、"}
                      <a href={href("/scorecard", { park: peer.park_id, track })}>{peer.name}</a>
                    </span>
                  ))}
                </Typography.Text>
                <MatchList
                  label={`${t("gapTargets")}: ${gap.name}`}
                  items={targetItems(gap)}
                  link={companyLink}
                  records="companies"
                  scoreLabel={t("membershipConfidence")}
                  actions={(item) => [
                    typeof item.details?.company_score === "number" && (
                      <Tag key="score" color={TONE.info}>
                        {t("companyScore")} {score(item.details.company_score)}
                      </Tag>
                    ),
                    officer && (
                      <AddToPipeline key="add" parkId={parkId} companyId={item.id} name={item.name} inPipeline={pipeline.has(item.id)} />
                    ),
                  ].filter(Boolean)}
                />
              </Space>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

function GapTitle({ gap }: { gap: Gap }) {
  const { t } = useI18n();
  return (
    <Space wrap data-testid="gap-title">
      <Tag color={TONE.action}>{codeLabel(gap.kind, t)}</Tag>
      <strong>{gap.kind === "carrier_kind" || gap.kind === "policy_category" ? codeLabel(gap.name, t) : gap.name}</strong>
      <Typography.Text type="secondary">{t("shareOfPeers")}</Typography.Text>
      <Progress percent={Math.round(gap.share * 100)} status="normal" format={(percent) => `${percent}%`} size="small" style={{ width: 140 }} aria-label={`${t("shareOfPeers")} ${Math.round(gap.share * 100)}%`} />
      <Typography.Text type="secondary">
        {t("gapTargets")}: {gap.targets.length}
      </Typography.Text>
    </Space>
  );
}
