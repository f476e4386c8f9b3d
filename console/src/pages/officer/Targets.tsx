// The officer's target list for the park (补链/延链/强链/建链), with evidence, data date and
// "add to pipeline".
import { Card } from "antd";
import { post, type MatchAnswer } from "../../api/client";
import { useLoad } from "../../api/useLoad";
import { AddToPipeline, usePipeline } from "../../components/AddToPipeline";
import { Failure } from "../../components/Failure";
import { Feedback } from "../../components/Feedback";
import { companyLink, MatchList } from "../../components/MatchList";
import { NoPark } from "../../components/NoPark";
import { useI18n } from "../../i18n";
import { useLocation } from "../../router";
import { ownPark, useSession } from "../../session";

export default function Targets() {
  const { t } = useI18n();
  const { me } = useSession();
  const { params } = useLocation();
  const parkId = Number(params.get("park")) || (me ? ownPark(me) : undefined);
  const answer = useLoad(
    parkId ? () => post<MatchAnswer>("/match/companies-for-park", { park_id: parkId, limit: 30 }) : null,
    [parkId],
  );
  const pipeline = usePipeline(parkId);
  if (!parkId) return <NoPark />;
  return (
    <Card>
      <Failure error={answer.error} />
      <MatchList
        label={t("targets")}
        items={answer.data?.items ?? []}
        loading={answer.loading}
        link={companyLink}
                records="companies"
        actions={(item) => [
          <Feedback key="feedback" parkId={parkId} companyId={item.id} name={item.name} />,
          <AddToPipeline key="add" parkId={parkId} companyId={item.id} name={item.name} inPipeline={pipeline.has(item.id)} />,
        ]}
      />
    </Card>
  );
}
