// A company's dossier: the company with its source, its best parks, funds and service providers
// (the gateway's dossier view), and similar companies.
import { Alert, Card, Col, Descriptions, Row, Space, Tag } from "antd";
import { get, type MatchAnswer, type Schemas } from "../api/client";
import { useLoad } from "../api/useLoad";
import { Failure } from "../components/Failure";
import { companyLink, MatchList, parkLink } from "../components/MatchList";
import { Provenance } from "../components/Provenance";
import { useI18n } from "../i18n";
import { codeLabel } from "./evaluation/labels";
import { useLocation } from "../router";
import { useSession } from "../session";

type Dossier = {
  company: Schemas["CompanyRead"];
  parks: MatchAnswer | null;
  funds: MatchAnswer | null;
  providers: MatchAnswer | null;
  errors: Schemas["PartError"][];
};

export default function CompanyDossier() {
  const { t } = useI18n();
  const { me } = useSession();
  const { params } = useLocation();
  const companyId = Number(params.get("id")) || me?.company_id || undefined;
  const dossier = useLoad(companyId ? () => get<Dossier>(`/companies/${companyId}/dossier`) : null, [companyId]);
  const similar = useLoad(companyId ? () => get<MatchAnswer>(`/match/similar/company/${companyId}?limit=8`) : null, [companyId]);
  const data = dossier.data;
  const company = data?.company;
  // A part the caller's role may not ask for (403) is simply not shown; other failures are named.
  const failed = (data?.errors ?? []).filter((e) => e.status !== 403);
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Failure error={dossier.error} />
      {failed.length > 0 && <Alert type="warning" showIcon message={t("partMissing")} description={failed.map((e) => `${e.part}: ${e.message}`).join("; ")} />}
      <Card loading={dossier.loading} title={company && <Space>{company.name}{company.stock_code && <Tag>{company.stock_code}</Tag>}</Space>}>
        {company && (
          <>
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t("province")}>{`${company.province ?? ""} ${company.city ?? ""}`}</Descriptions.Item>
              <Descriptions.Item label={t("industry")}>{company.sw_industry_name ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("products")}>{(company.products ?? []).map((product) => product.name).join("、") || "—"}</Descriptions.Item>
              <Descriptions.Item label={t("fundingStage")}>{company.funding_stage ? codeLabel(company.funding_stage, t) : "—"}</Descriptions.Item>
            </Descriptions>
            {company.description && <p>{company.description}</p>}
            <Provenance record={company} />
          </>
        )}
      </Card>
      <Row gutter={16}>
        {data?.parks && (
          <Col xs={24} lg={12}>
            <Card title={t("parksForCompany")}>
              <MatchList label={t("parksForCompany")} items={data.parks.items} link={parkLink} records="parks" />
            </Card>
          </Col>
        )}
        <Col xs={24} lg={12}>
          <Card title={t("similar")}>
            <Failure error={similar.error} />
            <MatchList label={t("similar")} items={similar.data?.items ?? []} loading={similar.loading} link={companyLink} records="companies" />
          </Card>
        </Col>
        {data?.funds && (
          <Col xs={24} lg={12}>
            <Card title={t("funds")}>
              <MatchList label={t("funds")} items={data.funds.items} records="funds" />
            </Card>
          </Col>
        )}
        {data?.providers && (
          <Col xs={24} lg={12}>
            <Card title={t("providers")}>
              <MatchList label={t("providers")} items={data.providers.items} records="providers" />
            </Card>
          </Col>
        )}
      </Row>
    </Space>
  );
}
