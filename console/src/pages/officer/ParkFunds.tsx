// 房东→股东 for an officer: the park's own funds and which of its tenants any fund holds (the
// catalog's fund holdings, a page at a time: the tenant of the newest round first; "load more"), and
// the pool companies in the park's chains its funds could back next (the evaluation's fund prospects,
// with why).
import { Card, Space, Statistic, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { get, query, type MatchAnswer, type Schemas } from "../../api/client";
import { useLoad } from "../../api/useLoad";
import { itemsOf, useAnswers } from "../../api/usePages";
import { Failure } from "../../components/Failure";
import { companyLink, MatchList } from "../../components/MatchList";
import { MorePages } from "../../components/MorePages";
import { NoPark } from "../../components/NoPark";
import { yuan } from "../../format";
import { useI18n } from "../../i18n";
import { href, useLocation } from "../../router";
import { ownPark, useSession } from "../../session";
import { TONE } from "../../tones";
import { Rounds } from "../fund/Portfolio";
import { codeLabel } from "../evaluation/labels";

type Fund = Schemas["ParkFund"];
type Tenant = Schemas["HeldTenant"];
const PAGE = 50;

export default function ParkFunds() {
  const { t } = useI18n();
  const { me } = useSession();
  const { params } = useLocation();
  const parkId = Number(params.get("park")) || (me ? ownPark(me) : undefined);
  const holdings = useAnswers<Schemas["ParkFundHoldings"]>(parkId ? `/parks/${parkId}/fund-holdings` : null, {}, PAGE);
  const prospects = useLoad(parkId ? () => get<MatchAnswer>(`/evaluation/parks/${parkId}/fund-prospects${query({ limit: 30 })}`) : null, [parkId]);
  if (!parkId) return <NoPark />;
  const data = holdings.answers[0];
  const tenants = itemsOf(holdings, (page) => page.tenants, data?.totals.tenants_held);
  const fundColumns: ColumnsType<Fund> = [
    {
      title: t("fund"),
      key: "name",
      render: (_, fund) => (
        <Space size={4}>
          {fund.name}
          {fund.is_generated && <Tag color={TONE.caution}>{t("generated")}</Tag>}
        </Space>
      ),
    },
    { title: t("fundSize"), key: "size", align: "right", render: (_, fund) => yuan(fund.size_yuan) },
    { title: t("fundCompanies"), dataIndex: "companies", align: "right" },
    { title: t("fundTenants"), dataIndex: "tenants", align: "right" },
    { title: t("disclosedAmount"), key: "amount", align: "right", render: (_, fund) => yuan(fund.disclosed_amount_yuan) },
  ];
  const tenantColumns: ColumnsType<Tenant> = [
    {
      title: t("company"),
      key: "name",
      render: (_, tenant) => (
        <Space size={4} wrap>
          <a href={href("/companies", { id: tenant.company_id })}>{tenant.name}</a>
          {tenant.is_generated && <Tag color={TONE.caution}>{t("generated")}</Tag>}
        </Space>
      ),
    },
    {
      title: t("placement"),
      key: "placement",
      render: (_, tenant) => (
        <Typography.Text>
          {codeLabel(tenant.placement.placement_source, t)}
          {tenant.placement.confidence !== null && ` ${tenant.placement.confidence.toFixed(2)}`}
        </Typography.Text>
      ),
    },
    { title: t("byParkFund"), key: "own", render: (_, tenant) => (tenant.by_park_fund ? <Tag color={TONE.positive}>{t("byParkFund")}</Tag> : null) },
    { title: t("rounds"), key: "rounds", align: "right", render: (_, tenant) => tenant.rounds.length },
  ];
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Failure error={holdings.error} />
      <Card title={data ? `${t("parkFunds")}: ${data.park_name}` : t("parkFunds")} loading={holdings.loading && !data}>
        {data && (
          <Space direction="vertical" style={{ width: "100%" }}>
            <Space wrap size="large">
              <Statistic title={t("parkFunds")} value={data.totals.funds} />
              <Statistic title={t("tenantsTotal")} value={data.totals.tenants} />
              <Statistic title={t("tenantsHeld")} value={data.totals.tenants_held} />
              <Statistic title={t("byParkFund")} value={data.totals.tenants_held_by_park_funds} />
            </Space>
            <Table<Fund> size="small" rowKey="id" columns={fundColumns} dataSource={data.funds} pagination={false} />
          </Space>
        )}
      </Card>
      <Card title={t("heldTenants")}>
        <Table<Tenant> size="small" rowKey="company_id" columns={tenantColumns} dataSource={tenants.items} loading={holdings.loading}
          pagination={false}
          expandable={{ expandedRowRender: (tenant) => <Rounds rounds={tenant.rounds} /> }} />
        <MorePages pages={tenants} />
      </Card>
      <Card title={t("fundProspects")}>
        <Failure error={prospects.error} />
        <MatchList
          label={t("fundProspects")}
          items={prospects.data?.items ?? []}
          loading={prospects.loading}
          link={companyLink}
          records="companies"
          scoreLabel={t("prospectScore")}
          actions={(item) => [<Tag key="fund" color={TONE.info}>{String(item.details?.fund_name ?? "")}</Tag>]}
        />
      </Card>
    </Space>
  );
}
