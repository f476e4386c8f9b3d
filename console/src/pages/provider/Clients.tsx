// Provider: the companies that need this provider's services, with why.
import { Card } from "antd";
import { post, type MatchAnswer } from "../../api/client";
import { useLoad } from "../../api/useLoad";
import { Failure } from "../../components/Failure";
import { companyLink, MatchList } from "../../components/MatchList";
import { useI18n } from "../../i18n";
import { useSession } from "../../session";

export default function Clients() {
  const { t } = useI18n();
  const { me } = useSession();
  const providerId = me?.provider_id;
  const answer = useLoad(
    providerId ? () => post<MatchAnswer>("/match/companies-for-provider", { provider_id: providerId, limit: 30 }) : null,
    [providerId],
  );
  return (
    <Card>
      <Failure error={answer.error} />
      <MatchList label={t("clients")} items={answer.data?.items ?? []} loading={answer.loading} link={companyLink} records="companies" />
    </Card>
  );
}
