// Saved searches with what is new since the last look (the gateway's alerts); "mark seen" records
// this look.
import { Button, Card, List, Space, Tag, message } from "antd";
import { ApiError, get, post, type Schemas } from "../api/client";
import { useLoad } from "../api/useLoad";
import { Failure } from "../components/Failure";
import { useI18n } from "../i18n";
import { TONE } from "../tones";

type Alert = Schemas["Alert"];

export default function SavedSearches() {
  const { t } = useI18n();
  const alerts = useLoad(() => get<Schemas["Alerts"]>("/alerts"), []);
  const seen = async (alert: Alert) => {
    try {
      const saved = await get<Schemas["SavedSearchRead"]>(`/saved-searches/${alert.saved_search_id}`);
      const ids = alert.new.map((item) => Number(item.id)).filter(Boolean);
      await post(`/saved-searches/${alert.saved_search_id}/seen`, {
        version: saved.version,
        result_ids: [...new Set([...(saved.last_result_ids ?? []), ...ids])],
      });
      alerts.reload();
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : t("error"));
    }
  };
  return (
    <Card>
      <Failure error={alerts.error} />
      <List
        aria-label={t("savedSearches")}
        loading={alerts.loading}
        dataSource={alerts.data?.items ?? []}
        locale={{ emptyText: t("noData") }}
        renderItem={(alert) => (
          <List.Item
            actions={alert.new.length ? [<Button key="seen" size="small" onClick={() => void seen(alert)}>{t("markSeen")}</Button>] : []}
          >
            <List.Item.Meta
              title={
                <Space>
                  {alert.name} <Tag>{alert.kind}</Tag>
                  <Tag color={alert.new.length ? TONE.negative : "default"}>
                    {alert.new.length ? `${t("newSince")}: ${alert.new.length}` : t("noNew")}
                  </Tag>
                </Space>
              }
              description={
                <ul className="evidence">
                  {alert.new.map((item) => (
                    <li key={String(item.id)}>{String(item.name ?? item.id)}</li>
                  ))}
                </ul>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
