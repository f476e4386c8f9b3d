// Officer workbench: the park's chain map (present / thin / missing, from membership), its gaps as
// a list, and for the picked gap the companies that fill it, with why and "add to pipeline".
import { Badge, Button, Card, Col, Empty, Row, Select, Space, Statistic, Tag, Typography } from "antd";
import { useMemo } from "react";
import { get, post, query, type MatchAnswer, type Page, type Schemas } from "../../api/client";
import { useLoad } from "../../api/useLoad";
import { AddToPipeline, usePipeline } from "../../components/AddToPipeline";
import { Failure } from "../../components/Failure";
import { companyLink, MatchList } from "../../components/MatchList";
import { NoPark } from "../../components/NoPark";
import { useI18n } from "../../i18n";
import { navigate, useLocation } from "../../router";
import { ownPark, useSession } from "../../session";
import { ChainGraph, STATUS_COLOUR } from "./ChainGraph";
import { TONE } from "../../tones";

const STATUSES = ["covered", "thin", "missing"] as const;

export default function ChainMap() {
  const { t } = useI18n();
  const { me } = useSession();
  const { params } = useLocation();
  const parkId = Number(params.get("park")) || (me ? ownPark(me) : undefined);
  const chainParam = Number(params.get("chain")) || undefined;
  const nodeId = Number(params.get("node")) || undefined;
  const go = (next: { chain?: number; node?: number }) =>
    navigate("/officer/chain", { park: parkId, chain: next.chain ?? chainParam, node: next.node });

  const chains = useLoad(() => get<Page<Schemas["ChainRead"]>>(`/chains${query({ limit: 100 })}`), []);
  const coverage = useLoad(
    parkId ? () => post<MatchAnswer>("/match/chain-coverage", { park_id: parkId, chain_id: chainParam, limit: 500 }) : null,
    [parkId, chainParam],
  );
  const chainId = (coverage.data?.explain?.chain_id as number | undefined) ?? chainParam;
  const chain = useMemo(() => chains.data?.items.find((c) => c.id === chainId), [chains.data, chainId]);
  const gaps = (coverage.data?.items ?? []).filter((item) => item.details?.status !== "covered");
  const picked = coverage.data?.items.find((item) => item.id === nodeId);
  const fillers = useLoad(
    nodeId && parkId
      ? () =>
          post<MatchAnswer>("/match/companies-for-node", {
            node_id: nodeId,
            limit: 10,
            filters: { exclude_park_id: parkId },
          })
      : null,
    [nodeId, parkId],
  );

  const pipeline = usePipeline(parkId);
  if (!parkId) return <NoPark />;
  const counts = (coverage.data?.explain?.nodes ?? {}) as Record<string, number>;
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Card>
        <Space wrap size="large">
          <label>
            {t("chain")}{" "}
            <Select
              aria-label={t("chain")}
              style={{ width: 260 }}
              loading={chains.loading}
              value={chainId}
              options={(chains.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              onChange={(value: number) => navigate("/officer/chain", { park: parkId, chain: value })}
            />
          </label>
          {coverage.data && (
            <Typography.Text>
              {t("park")}: {String(coverage.data.explain?.park ?? parkId)}
            </Typography.Text>
          )}
          {STATUSES.map((s) => (
            <Statistic key={s} title={<Badge color={STATUS_COLOUR[s]} text={t(`status_${s}`)} />} value={counts[s] ?? 0} />
          ))}
        </Space>
      </Card>
      <Failure error={coverage.error ?? chains.error} />
      {chain && coverage.data && (
        <ChainGraph nodes={coverage.data.items} edges={chain.edges} selected={nodeId} onPick={(node) => go({ node })} label={`${t("chainMap")}: ${chain.name}`} />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card title={t("gaps")} loading={coverage.loading}>
            <ul aria-label={t("gaps")} style={{ listStyle: "none", padding: 0, margin: 0, maxHeight: 640, overflowY: "auto" }}>
              {gaps.map((item) => (
                <li key={item.id} style={{ marginBottom: 6 }}>
                  <Button
                    type={item.id === nodeId ? "primary" : "default"}
                    onClick={() => go({ node: item.id })}
                    aria-pressed={item.id === nodeId}
                    data-testid="gap"
                  >
                    <Badge color={STATUS_COLOUR[String(item.details?.status)]} />
                    {item.name}
                  </Button>{" "}
                  <Tag>{t(`status_${item.details?.status as (typeof STATUSES)[number]}`)}</Tag>
                  {typeof item.details?.action_label === "string" && <Tag color={TONE.action}>{item.details.action_label}</Tag>}
                </li>
              ))}
            </ul>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={picked ? `${t("fillers")}: ${picked.name}` : t("fillers")}>
            {picked && (
              <ul className="evidence" aria-label={t("evidence")}>
                {(picked.evidence ?? []).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
            <Failure error={fillers.error} />
            {nodeId ? (
              <MatchList
                label={t("fillers")}
                items={fillers.data?.items ?? []}
                loading={fillers.loading}
                link={companyLink}
                records="companies"
                actions={(item) => [<AddToPipeline key="add" parkId={parkId} companyId={item.id} name={item.name} inPipeline={pipeline.has(item.id)} />]}
              />
            ) : (
              <Empty description={t("pickGap")} />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
