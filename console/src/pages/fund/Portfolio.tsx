// A fund's portfolio (GET /funds/{id}/portfolio): totals over every holding, then the companies it
// holds, a page at a time (the company of the newest round first; "load more"), each with the parks it
// sits in (and how that is known), whether it is a tenant of the fund's own park, and its rounds with
// amount, date, status, source (or who entered it) and 示例 where generated.
import { Card, Descriptions, Result, Space, Statistic, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { Schemas } from "../../api/client";
import { itemsOf, useAnswers } from "../../api/usePages";
import { Failure } from "../../components/Failure";
import { MorePages } from "../../components/MorePages";
import { Provenance } from "../../components/Provenance";
import { yuan } from "../../format";
import { useI18n } from "../../i18n";
import { href, useLocation } from "../../router";
import { useSession } from "../../session";
import { TONE } from "../../tones";
import { codeLabel } from "../evaluation/labels";

type Holding = Schemas["PortfolioCompany"];
type Round = Schemas["Holding"];
const PAGE = 50;

export default function Portfolio() {
  const { t } = useI18n();
  const { me } = useSession();
  const { params } = useLocation();
  const fundId = Number(params.get("fund")) || me?.fund_id || undefined;
  const portfolio = useAnswers<Schemas["FundPortfolio"]>(fundId ? `/funds/${fundId}/portfolio` : null, {}, PAGE);
  if (!fundId) return <Result status="info" title={t("noFund")} />;
  const data = portfolio.answers[0];
  const totals = data?.totals;
  const holdings = itemsOf(portfolio, (page) => page.companies, totals?.companies);
  const columns: ColumnsType<Holding> = [
    {
      title: t("company"),
      key: "name",
      render: (_, holding) => (
        <Space size={4} wrap>
          <a href={href("/companies", { id: holding.company_id })} data-testid="holding">{holding.name}</a>
          {holding.is_generated && <Tag color={TONE.caution}>{t("generated")}</Tag>}
        </Space>
      ),
    },
    { title: t("province"), dataIndex: "province", render: (value: string | null) => value ?? "—" },
    {
      title: t("parksOfCompany"),
      key: "parks",
      render: (_, holding) =>
        holding.parks.length
          ? holding.parks.map((park) => (
              <div key={park.park_id}>
                <a href={href("/parks", { id: park.park_id })}>{park.park_name}</a>{" "}
                <Typography.Text type="secondary">
                  （{codeLabel(park.placement_source, t)}
                  {park.confidence !== null && ` ${park.confidence.toFixed(2)}`}）
                </Typography.Text>
              </div>
            ))
          : "—",
    },
    {
      title: t("inFundPark"),
      key: "inPark",
      render: (_, holding) => (holding.in_fund_park ? <Tag color={TONE.positive}>{t("inFundPark")}</Tag> : null),
    },
    {
      title: t("status"),
      key: "held",
      render: (_, holding) => <Tag color={holding.held ? TONE.info : undefined}>{t(holding.held ? "status_held" : "status_exited")}</Tag>,
    },
    { title: t("disclosedAmount"), key: "amount", align: "right", render: (_, holding) => yuan(holding.disclosed_amount_yuan) },
  ];
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Failure error={portfolio.error} />
      <Card loading={portfolio.loading && !data} title={data?.fund.name}>
        {data && (
          <Space direction="vertical" style={{ width: "100%" }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t("fundPark")}>
                {data.fund.park_id ? <a href={href("/parks", { id: data.fund.park_id })}>{data.fund.park_name}</a> : "—"}
              </Descriptions.Item>
              <Descriptions.Item label={t("source")}>
                <Provenance record={{ source: data.fund.source, is_generated: data.fund.is_generated }} />
              </Descriptions.Item>
            </Descriptions>
            {totals && (
              <Space wrap size="large">
                <Statistic title={t("holdings")} value={totals.companies} />
                <Statistic title={t("investmentsCount")} value={totals.investments} />
                <Statistic title={t("disclosedAmount")} value={yuan(totals.disclosed_amount_yuan)} />
                <Statistic title={t("undisclosed")} value={totals.undisclosed_investments} />
                <Statistic title={t("heldCompanies")} value={totals.held_companies} />
                <Statistic title={t("exitedCompanies")} value={totals.exited_companies} />
                <Statistic title={t("inFundPark")} value={totals.in_fund_park} />
                <Statistic title={t("generatedInvestments")} value={totals.generated_investments} />
              </Space>
            )}
          </Space>
        )}
      </Card>
      <Card title={t("holdings")}>
        <Table<Holding>
          size="small"
          rowKey="company_id"
          columns={columns}
          dataSource={holdings.items}
          loading={portfolio.loading}
          pagination={false}
          expandable={{ expandedRowRender: (holding) => <Rounds rounds={holding.rounds} /> }}
        />
        <MorePages pages={holdings} />
      </Card>
    </Space>
  );
}

/** One company's rounds (also a park's view of the tenants funds hold). */
export function Rounds({ rounds }: { rounds: Round[] }) {
  const { t } = useI18n();
  const columns: ColumnsType<Round> = [
    { title: t("fund"), dataIndex: "fund_name" },
    { title: t("round"), key: "round", render: (_, round) => codeLabel(round.round, t) },
    { title: t("amount"), key: "amount", align: "right", render: (_, round) => yuan(round.amount_yuan) },
    { title: t("sharePct"), key: "share", align: "right", render: (_, round) => (round.share_pct === null ? "—" : `${round.share_pct}%`) },
    { title: t("investedOn"), dataIndex: "invested_on" },
    { title: t("status"), key: "status", render: (_, round) => t(round.status === "held" ? "status_held" : "status_exited") },
    { title: t("source"), key: "source", render: (_, round) => <Provenance record={round} /> },
  ];
  return <Table<Round> size="small" rowKey="investment_id" columns={columns} dataSource={rounds} pagination={false} />;
}
