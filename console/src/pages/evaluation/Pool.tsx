// The curated company pool (精选企业池, GET /evaluation/companies): companies that pass the
// documented threshold, best first, filtered by track, province and minimum score; each row opens
// its score components (value, data date, source, why) and the company's dossier.
import { Card, InputNumber, Select, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { Schemas } from "../../api/client";
import { usePages } from "../../api/usePages";
import { Failure } from "../../components/Failure";
import { MorePages } from "../../components/MorePages";
import { componentValue, score } from "../../evaluation";
import { useI18n } from "../../i18n";
import { PROVINCES } from "../../provinces";
import { href, navigate, useLocation } from "../../router";
import { TONE } from "../../tones";
import { trackOptions, TrackScope, useTracks } from "../../tracks";
import { codeLabel } from "./labels";

type Company = Schemas["CompanyEvaluation"];
type Component = Schemas["ComponentRead"];
const PAGE = 30;
const FILTERS = ["track", "province", "min_score", "chain_id"] as const;

export default function Pool() {
  const { t } = useI18n();
  const { params } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const pages = usePages<Company>("/evaluation/companies", filters, PAGE);
  const tracks = useTracks();
  const filter = (name: (typeof FILTERS)[number], value: string | number | null | undefined) =>
    navigate("/pool", { ...filters, [name]: value ?? undefined });
  const columns: ColumnsType<Company> = [
    {
      title: t("company"),
      key: "name",
      render: (_, company) => (
        <Space size={4} wrap>
          <a href={href("/companies", { id: company.company_id })} data-testid="pool-company">{company.name}</a>
          {company.stock_code && <Tag>{company.stock_code}</Tag>}
          {company.is_generated && <Tag color={TONE.caution}>{t("generated")}</Tag>}
        </Space>
      ),
    },
    { title: t("province"), dataIndex: "province", render: (value: string | null) => value ?? "—" },
    { title: t("companyScore"), key: "score", align: "right", render: (_, company) => score(company.score) },
    {
      title: t("reasons"),
      key: "reasons",
      render: (_, company) => (
        <ul className="evidence" aria-label={t("reasons")}>
          {company.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ),
    },
    {
      title: t("chainNodes"),
      key: "nodes",
      render: (_, company) => company.nodes.slice(0, 3).map((node) => <Tag key={node.node_id}>{node.name}</Tag>),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Card>
        <Space wrap>
          <Select allowClear aria-label={t("track")} placeholder={t("track")} style={{ width: 180 }} value={filters.track}
            options={trackOptions(tracks)} onChange={(value?: string) => filter("track", value)} />
          <Select allowClear aria-label={t("province")} placeholder={t("province")} style={{ width: 180 }} value={filters.province}
            options={PROVINCES.map((name) => ({ value: name, label: name }))} onChange={(value?: string) => filter("province", value)} />
          <InputNumber aria-label={t("minScore")} placeholder={t("minScore")} min={0} max={100} style={{ width: 140 }}
            value={filters.min_score ? Number(filters.min_score) : null} onChange={(value) => filter("min_score", value)} />
        </Space>
        <TrackScope name={filters.track} tracks={tracks} />
      </Card>
      <Failure error={pages.error ?? tracks.error} />
      <Card>
        <Table<Company>
          size="small"
          rowKey="company_id"
          columns={columns}
          dataSource={pages.items}
          loading={pages.loading}
          pagination={false}
         
          expandable={{ expandedRowRender: (company) => <Components company={company} /> }}
        />
        <MorePages pages={pages} />
      </Card>
    </Space>
  );
}

function Components({ company }: { company: Company }) {
  const { t } = useI18n();
  const columns: ColumnsType<Component> = [
    { title: t("components"), key: "name", render: (_, c) => codeLabel(c.name, t) },
    { title: t("weight"), dataIndex: "weight", align: "right" },
    { title: t("groupScore"), key: "score", align: "right", render: (_, c) => score(c.score) },
    { title: t("value"), key: "value", align: "right", render: (_, c) => componentValue(c.name, c.value) },
    { title: t("evidence"), dataIndex: "reason" },
    { title: t("source"), key: "source", render: (_, c) => (c.source ? codeLabel(c.source, t) : "—") },
    { title: t("asOf"), key: "asOf", render: (_, c) => c.as_of ?? "—" },
  ];
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Table<Component> size="small" rowKey="name" columns={columns} dataSource={company.components} pagination={false}
        />
      {company.risks.length > 0 && (
        <Typography.Text>
          {t("risks")}: {company.risks.join("、")}
        </Typography.Text>
      )}
      <Typography.Text type="secondary">
        {t("methodology")}: {company.methodology}
      </Typography.Text>
    </Space>
  );
}
