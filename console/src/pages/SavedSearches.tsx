// Saved searches with what is new since the last look (the gateway's alerts); "mark seen" records
// this look.
import { Button, Card, List, Space, Tag, message } from "antd";
import { ApiError, get, post, query, type Page, type Schemas } from "../api/client";
import { useLoad } from "../api/useLoad";
import { Failure } from "../components/Failure";
import { useI18n } from "../i18n";
import { TONE } from "../tones";

type Saved = Schemas["SavedSearchRead"];
type Alert = Schemas["Alert"];

export default function SavedSearches() {
  const { t } = useI18n();
  const saved = useLoad(() => get<Page<Saved>>(`/saved-searches${query({ limit: 200 })}`), []);
  const alerts = useLoad(() => get<Schemas["Alerts"]>("/alerts"), []);
  const news = new Map((alerts.data?.items ?? []).map((alert) => [alert.saved_search_id, alert]));
  const seen = async (search: Saved, alert: Alert) => {
    try {
      const ids = alert.new.map((item) => Number(item.id)).filter(Boolean);
      await post(`/saved-searches/${search.id}/seen`, {
        version: search.version,
        result_ids: [...new Set([...(search.last_result_ids ?? []), ...ids])],
      });
      saved.reload();
      alerts.reload();
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : t("error"));
    }
  };
  return (
    <Card>
      <Failure error={saved.error ?? alerts.error} />
      <List
        aria-label={t("savedSearches")}
        loading={saved.loading || alerts.loading}
        dataSource={saved.data?.items ?? []}
        renderItem={(search) => {
          const alert = news.get(search.id);
          const fresh = alert?.new ?? [];
          return (
            <List.Item
              actions={
                alert && fresh.length
                  ? [<Button key="seen" size="small" onClick={() => void seen(search, alert)}>{t("markSeen")}</Button>]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space>
                    {search.name} <Tag>{search.kind}</Tag>
                    <Tag color={fresh.length ? TONE.negative : "default"}>
                      {fresh.length ? `${t("newSince")}: ${fresh.length}` : t("noNew")}
                    </Tag>
                  </Space>
                }
                description={
                  <>
                    <ul className="evidence">
                      {fresh.map((item) => (
                        <li key={String(item.id)}>{String(item.name ?? item.id)}</li>
                      ))}
                    </ul>
                    {t("lastChecked")}: {search.last_checked_at?.slice(0, 16).replace("T", " ") ?? "—"}
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
