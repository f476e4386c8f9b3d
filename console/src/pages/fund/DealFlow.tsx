// Fund: deal flow for the fund's thesis and stages (two-sided fit), each company opening its dossier.
import { Card, Select, Space } from "antd";
import { useState } from "react";
import { post, type MatchAnswer, type Schemas } from "../../api/client";
import { useLoad } from "../../api/useLoad";
import { Failure } from "../../components/Failure";
import { companyLink, MatchList } from "../../components/MatchList";
import { useI18n } from "../../i18n";
import { PROVINCES } from "../../provinces";
import { codeLabel } from "../evaluation/labels";
import { useSession } from "../../session";

const STAGES: Schemas["FundingStage"][] = ["seed", "angel", "pre_a", "a", "b", "c", "d_plus", "pre_ipo", "listed"];

export default function DealFlow() {
  const { t } = useI18n();
  const { me } = useSession();
  const [provinces, setProvinces] = useState<string[]>([]);
  const [stages, setStages] = useState<string[]>([]);
  const fundId = me?.fund_id;
  const answer = useLoad(
    fundId
      ? () =>
          post<MatchAnswer>("/match/companies-for-fund", {
            fund_id: fundId,
            limit: 30,
            filters: {
              ...(provinces.length ? { province: provinces } : {}),
              ...(stages.length ? { funding_stage: stages } : {}),
            },
          })
      : null,
    [fundId, provinces.join(), stages.join()],
  );
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Card>
        <Space wrap>
          <Select mode="multiple" aria-label={t("provinces")} placeholder={t("provinces")} style={{ minWidth: 240 }}
            options={PROVINCES.map((p) => ({ value: p, label: p }))} value={provinces} onChange={setProvinces} />
          <Select mode="multiple" aria-label={t("fundingStage")} placeholder={t("fundingStage")} style={{ minWidth: 240 }}
            options={STAGES.map((s) => ({ value: s, label: codeLabel(s, t) }))} value={stages} onChange={setStages} />
        </Space>
      </Card>
      <Failure error={answer.error} />
      <Card>
        <MatchList label={t("dealFlow")} items={answer.data?.items ?? []} loading={answer.loading} link={companyLink} records="companies" />
      </Card>
    </Space>
  );
}
