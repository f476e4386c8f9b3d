// The policy calculator: every policy of a place for my company, each condition pass / fail /
// unknown, and what is still missing to qualify.
import { useState } from "react";
import { Card, Descriptions, Form, InputNumber, List, Select, Space, Statistic, Tag, Typography } from "antd";
import { get, post, query, type Page, type Schemas } from "../../api/client";
import { useLoad } from "../../api/useLoad";
import { Failure } from "../../components/Failure";
import { Provenance } from "../../components/Provenance";
import { yuan } from "../../format";
import { useI18n } from "../../i18n";
import { navigate, useLocation } from "../../router";
import { useSession } from "../../session";
import { TONE } from "../../tones";

const OUTCOME_COLOUR: Record<string, string> = { pass: TONE.positive, fail: TONE.negative, unknown: TONE.caution };
const ELIGIBLE_COLOUR: Record<string, string> = { yes: TONE.positive, no: TONE.negative, unknown: TONE.caution };

export default function PolicyCalculator() {
  const { t } = useI18n();
  const { me } = useSession();
  const { params } = useLocation();
  const parkId = Number(params.get("park")) || undefined;
  const years = Number(params.get("years")) || 3;
  const space = Number(params.get("space")) || undefined;
  const investment = Number(params.get("investment")) || undefined;
  const revenue = Number(params.get("revenue")) || undefined;
  const set = (next: Record<string, number | undefined>) =>
    navigate("/enterprise/policies", { park: parkId, years, space, investment, revenue, ...next });
  const [text, setText] = useState("");
  const parks = useLoad(
    () => get<Page<Schemas["ParkRead"]>>(`/parks${query(text ? { q: text, limit: 20 } : { ids: parkId, limit: 20 })}`),
    [text, parkId],
  );
  const evaluation = useLoad(
    me?.company_id && parkId
      ? () =>
          post<Schemas["Evaluation"]>("/policies/evaluate", {
            company_id: me.company_id,
            park_id: parkId,
            years,
            space_m2: space,
            investment_yuan: investment,
            revenue_yuan: revenue,
          })
      : null,
    [me?.company_id, parkId, years, space, investment, revenue],
  );
  const data = evaluation.data;
  const policyIds = (data?.policies ?? []).map((policy) => policy.policy_id);
  const records = useLoad(
    policyIds.length
      ? () => get<Page<Schemas["PolicyRead"]>>(`/policies${query({ ids: policyIds, limit: policyIds.length })}`)
      : null,
    [policyIds.join(",")],
  );
  const byId = new Map((records.data?.items ?? []).map((policy) => [policy.id, policy]));
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Card>
        <Form layout="inline">
          <Form.Item label={t("park")}>
            <Select
              aria-label={t("park")}
              showSearch
              style={{ width: 320 }}
              value={parkId}
              filterOption={false}
              onSearch={setText}
              options={(parks.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
              onChange={(value: number) => set({ park: value })}
            />
          </Form.Item>
          <Form.Item label={t("years")}>
            <InputNumber aria-label={t("years")} min={1} max={10} value={years} onChange={(value) => set({ years: value ?? 3 })} />
          </Form.Item>
          <Form.Item label={t("spaceM2")}>
            <InputNumber aria-label={t("spaceM2")} min={1} value={space} onChange={(value) => set({ space: value ?? undefined })} />
          </Form.Item>
          <Form.Item label={t("investmentYuan")}>
            <InputNumber aria-label={t("investmentYuan")} min={0} value={investment} onChange={(value) => set({ investment: value ?? undefined })} />
          </Form.Item>
          <Form.Item label={t("revenueYuan")}>
            <InputNumber aria-label={t("revenueYuan")} min={0} value={revenue} onChange={(value) => set({ revenue: value ?? undefined })} />
          </Form.Item>
        </Form>
      </Card>
      <Failure error={evaluation.error} />
      {data && (
        <Card loading={evaluation.loading}>
          <Space size="large">
            <Statistic title={t("totalEligible")} value={yuan(data.total_eligible_yuan)} />
            <Statistic title={t("totalPossible")} value={yuan(data.total_possible_yuan)} />
          </Space>
          <List
            aria-label={t("policies")}
            dataSource={data.policies}
            renderItem={(policy) => {
              const missing = policy.conditions.filter((c) => c.result !== "pass");
              return (
                <List.Item data-testid="policy">
                  <Space direction="vertical" style={{ width: "100%" }}>
                    <Space wrap>
                      <strong>{policy.title}</strong>
                      <Tag color={ELIGIBLE_COLOUR[policy.eligible]}>{t(`eligible_${policy.eligible}`)}</Tag>
                      <span>{t("estimated")}: {yuan(policy.estimated_yuan)}</span>
                    </Space>
                    <Descriptions size="small" column={1} bordered title={t("conditions")}>
                      {policy.conditions.map((condition, index) => (
                        <Descriptions.Item key={index} label={<Tag color={OUTCOME_COLOUR[condition.result]}>{t(`outcome_${condition.result}`)}</Tag>}>
                          {condition.reason}
                        </Descriptions.Item>
                      ))}
                    </Descriptions>
                    {missing.length > 0 && (
                      <div>
                        {t("missingToQualify")}: {missing.map((c) => c.reason).join("；")}
                      </div>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {policy.estimate_note}
                    </Typography.Text>
                    {byId.has(policy.policy_id) && <Provenance record={byId.get(policy.policy_id)!} />}
                  </Space>
                </List.Item>
              );
            }}
          />
        </Card>
      )}
    </Space>
  );
}
