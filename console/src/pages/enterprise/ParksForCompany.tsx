// Enterprise: parks for my needs (space, budget, provinces, years), then a side-by-side comparison
// of the bundle each offers (carrier, policies, location cost, subsidies, net cost), each with its
// policy detail.
import { ProTable, type ProColumns } from "@ant-design/pro-components";
import { Button, Card, Form, InputNumber, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { post, type MatchAnswer, type MatchItem } from "../../api/client";
import { useLoad } from "../../api/useLoad";
import { Failure } from "../../components/Failure";
import { parkLink } from "../../components/MatchList";
import { area, yuan } from "../../format";
import { useI18n } from "../../i18n";
import { PROVINCES } from "../../provinces";
import { href } from "../../router";
import { useSession } from "../../session";
import { TONE } from "../../tones";

type Needs = { space_m2?: number; budget_yuan_m2_month?: number; provinces?: string[]; years: number };
type Carrier = { id: number; name: string; kind: string; available_area_m2?: number; rent_yuan_m2_month?: number; is_generated?: boolean };
type PolicyLine = { policy_id: number; title: string; eligible: "yes" | "unknown"; estimated_yuan?: number | null };

const carrierOf = (item: MatchItem) => item.details?.best_carrier as Carrier | null | undefined;
const policiesOf = (item: MatchItem) => (item.details?.policies ?? []) as PolicyLine[];
// The calculator's location cost of the best carrier over the years asked (null: not costed, as
// when no space is asked), net of the benefits that offset it.
type LocationCost = { gross_yuan?: number | null; benefits_yuan?: number | null; net_yuan?: number | null; note?: string };
const locationOf = (item: MatchItem) => item.details?.location_cost as LocationCost | null | undefined;

export default function ParksForCompany() {
  const { t } = useI18n();
  const { me } = useSession();
  const [needs, setNeeds] = useState<Needs>({ years: 3 });
  const [chosen, setChosen] = useState<number[]>([]);
  const companyId = me?.company_id;
  const answer = useLoad(
    companyId
      ? () =>
          post<MatchAnswer>("/match/parks-for-company", {
            company_id: companyId,
            limit: 20,
            space_m2: needs.space_m2,
            budget_yuan_m2_month: needs.budget_yuan_m2_month,
            years: needs.years,
            filters: needs.provinces?.length ? { province: needs.provinces } : {},
          })
      : null,
    [companyId, JSON.stringify(needs)],
  );
  const items = answer.data?.items ?? [];
  const policyLink = (item: MatchItem) => href("/enterprise/policies", { park: item.id, years: needs.years, ...(needs.space_m2 ? { space: needs.space_m2 } : {}) });
  const columns: ProColumns<MatchItem>[] = [
    { title: t("park"), dataIndex: "name", render: (_, item) => <a href={parkLink(item)}>{item.name}</a> },
    { title: t("province"), render: (_, item) => `${item.details?.province ?? ""} ${item.details?.city ?? ""}` },
    { title: t("score"), dataIndex: "score", render: (_, item) => item.score.toFixed(2) },
    {
      title: t("carrier"),
      render: (_, item) => {
        const carrier = carrierOf(item);
        return carrier ? (
          <>
            {carrier.name} {carrier.is_generated && <Tag color={TONE.caution}>{t("generated")}</Tag>}
          </>
        ) : (
          "—"
        );
      },
    },
    { title: t("netCost"), render: (_, item) => <NetCost item={item} /> },
    { title: t("evidence"), render: (_, item) => <ul className="evidence">{item.evidence?.map((line) => <li key={line}>{line}</li>)}</ul> },
    { title: t("policyDetail"), render: (_, item) => <a href={policyLink(item)}>{t("policyDetail")}</a> },
  ];
  const compared = items.filter((item) => chosen.includes(item.id));
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Card>
        <Form<Needs> layout="inline" initialValues={needs} onFinish={(values) => setNeeds({ ...values, years: values.years ?? 3 })}>
          <Form.Item name="space_m2" label={t("spaceM2")}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="budget_yuan_m2_month" label={t("budget")}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="provinces" label={t("provinces")}>
            <Select mode="multiple" style={{ minWidth: 220 }} options={PROVINCES.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
          <Form.Item name="years" label={t("years")}>
            <InputNumber min={1} max={10} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t("run")}
          </Button>
        </Form>
      </Card>
      <Failure error={answer.error} />
      <ProTable<MatchItem>
        rowKey="id"
        search={false}
        options={false}
        pagination={false}
        loading={answer.loading}
        dataSource={items}
        columns={columns}
        rowSelection={{
          selectedRowKeys: chosen,
          onChange: (keys) => setChosen(keys as number[]),
          columnTitle: t("compare"),
          getCheckboxProps: (item) => ({ children: <span className="sr-only">{`${t("compare")}: ${item.name}`}</span> }),
        }}
        headerTitle={t("compareHelp")}
      />
      {compared.length >= 1 && <Comparison items={compared} policyLink={policyLink} />}
    </Space>
  );
}

// The location's net cost, or why there is none (no space asked: nothing to cost).
function NetCost({ item }: { item: MatchItem }) {
  const { t } = useI18n();
  const location = locationOf(item);
  return location?.net_yuan != null ? <>{yuan(location.net_yuan)}</> : <Typography.Text type="secondary">{t("notCosted")}</Typography.Text>;
}

function Comparison({ items, policyLink }: { items: MatchItem[]; policyLink: (item: MatchItem) => string }) {
  const { t } = useI18n();
  const rows: { key: string; label: string; cell: (item: MatchItem) => React.ReactNode }[] = [
    {
      key: "carrier",
      label: t("carrier"),
      cell: (item) => {
        const c = carrierOf(item);
        return c ? `${c.name}（${area(c.available_area_m2)}, ${c.rent_yuan_m2_month ?? "—"} ${t("yuanPerM2Month")}）` : "—";
      },
    },
    {
      key: "policies",
      label: t("policies"),
      cell: (item) => (
        <ul className="evidence">
          {policiesOf(item).map((p) => (
            <li key={p.policy_id}>
              <Tag color={p.eligible === "yes" ? TONE.positive : TONE.caution}>{t(`eligible_${p.eligible}`)}</Tag>
              {p.title} {yuan(p.estimated_yuan)}
            </li>
          ))}
        </ul>
      ),
    },
    { key: "cost", label: t("locationCost"), cell: (item) => yuan(locationOf(item)?.gross_yuan) },
    {
      key: "subsidies",
      label: t("subsidies"),
      cell: (item) => `${yuan(item.details?.subsidies_yuan)}（${t("possible")} ${yuan(item.details?.possible_subsidies_yuan)}）`,
    },
    { key: "net", label: t("netCost"), cell: (item) => <NetCost item={item} /> },
    { key: "detail", label: t("policyDetail"), cell: (item) => <a href={policyLink(item)}>{t("policyDetail")}: {item.name}</a> },
  ];
  return (
    <Card title={t("compare")} data-testid="comparison">
      <Table
        rowKey="key"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: "", dataIndex: "label", key: "label", width: 120 },
          ...items.map((item) => ({ title: item.name, key: String(item.id), render: (_: unknown, row: (typeof rows)[number]) => row.cell(item) })),
        ]}
      />
    </Card>
  );
}
