// A park's dossier: the park with its source and data notes, its carriers and policies, its chain
// coverage and top targets (the gateway's dossier view; parts that failed are named).
import { Alert, Card, Col, Descriptions, List, Row, Space, Tag } from "antd";
import { get, type MatchAnswer, type Page, type Schemas } from "../api/client";
import { useLoad } from "../api/useLoad";
import { Failure } from "../components/Failure";
import { companyLink, MatchList } from "../components/MatchList";
import { NoPark } from "../components/NoPark";
import { Provenance } from "../components/Provenance";
import { area } from "../format";
import { useI18n } from "../i18n";
import { href, useLocation } from "../router";
import { ownPark, useSession } from "../session";
import { codeLabel } from "./evaluation/labels";
import { STATUS_COLOUR } from "./officer/ChainGraph";

type Dossier = {
  park: Schemas["ParkRead"];
  carriers: Page<Schemas["CarrierRead"]> | null;
  policies: Page<Schemas["PolicyRead"]> | null;
  chain_coverage: MatchAnswer | null;
  top_targets: MatchAnswer | null;
  errors: Schemas["PartError"][];
};

export default function ParkDossier() {
  const { t } = useI18n();
  const { me } = useSession();
  const { params } = useLocation();
  const parkId = Number(params.get("id")) || (me ? ownPark(me) : undefined);
  const dossier = useLoad(parkId ? () => get<Dossier>(`/parks/${parkId}/dossier`) : null, [parkId]);
  if (!parkId) return <NoPark />;
  const data = dossier.data;
  const park = data?.park;
  // A part the caller's role may not ask for (403: top targets are officers') is simply not shown.
  const failed = (data?.errors ?? []).filter((e) => e.status !== 403);
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Failure error={dossier.error} />
      {failed.length > 0 && (
        <Alert type="warning" showIcon message={t("partMissing")} description={failed.map((e) => `${e.part}: ${e.message}`).join("; ")} />
      )}
      <Card loading={dossier.loading} title={park?.name}>
        {park && (
          <>
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t("province")}>{`${park.province} ${park.city ?? ""}`}</Descriptions.Item>
              <Descriptions.Item label={t("coordinateQuality")}>{t(`quality_${park.coordinate_quality ?? "unknown"}`)}</Descriptions.Item>
              <Descriptions.Item label={t("zoneType")}>{`${codeLabel(park.zone_type, t)} · ${codeLabel(park.approval_level, t)}`}</Descriptions.Item>
              <Descriptions.Item label={t("leadingIndustries")}>{(park.leading_industries ?? []).join("、")}</Descriptions.Item>
            </Descriptions>
            {(park.data_notes ?? []).map((note) => (
              <Alert key={note} type="info" message={note} style={{ marginBottom: 4 }} />
            ))}
            <Provenance record={park} />
            <Space style={{ marginTop: 8 }} wrap>
              <a href={href("/scorecard", { park: park.id })}>{t("scorecard")}</a>
              <a href={href("/benchmark", { park: park.id })}>{t("benchmark")}</a>
              {me && (me.role === "officer" || me.role === "admin") && (
                <>
                  <a href={href("/officer/chain", { park: park.id })}>{t("chainMap")}</a>
                  <a href={href("/officer/targets", { park: park.id })}>{t("targets")}</a>
                </>
              )}
            </Space>
          </>
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t("carriers")}>
            <List
              dataSource={data?.carriers?.items ?? []}
              renderItem={(carrier) => (
                <List.Item>
                  <List.Item.Meta
                    title={`${carrier.name}（${codeLabel(carrier.kind, t)}）`}
                    description={
                      <>
                        {area(carrier.available_area_m2)} · {carrier.rent_yuan_m2_month ?? "—"} {t("yuanPerM2Month")}
                        <Provenance record={carrier} />
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t("policies")}>
            <List
              dataSource={data?.policies?.items ?? []}
              renderItem={(policy) => (
                <List.Item>
                  <List.Item.Meta title={<Space>{policy.title}<Tag>{codeLabel(policy.category, t)}</Tag></Space>} description={<Provenance record={policy} />} />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <Card title={`${t("chain")}: ${String(data?.chain_coverage?.explain?.chain ?? "")}`}>
        <Space wrap>
          {(data?.chain_coverage?.items ?? []).map((node) => (
            <Tag key={node.id} color={STATUS_COLOUR[String(node.details?.status)]}>
              {node.name} · {t(`status_${String(node.details?.status) as "covered" | "thin" | "missing"}`)}
            </Tag>
          ))}
        </Space>
      </Card>
      {data?.top_targets && (
        <Card title={t("topTargets")}>
          <MatchList label={t("topTargets")} items={data.top_targets.items} link={companyLink} records="companies" />
        </Card>
      )}
    </Space>
  );
}
