// Where a record comes from and how old it is; generated demo records say 示例; a record entered
// through the API says who entered it and when (the account's key name, role and id).
import { Space, Tag, Tooltip, Typography } from "antd";
import { MESSAGES, useI18n, type MessageKey } from "../i18n";
import { TONE } from "../tones";

export type Sourced = {
  source?: string | null;
  as_of?: string | null;
  is_generated?: boolean | null;
  recorded_at?: string | null;
  recorded_by?: string | null;
  recorded_by_role?: string | null;
  recorded_by_key_id?: number | null;
};

/** "基金投资部（基金 #3）2026-12-06": who entered the record through the API, and the day; null when
 * nobody did (imported and generated records: their source says where they come from). */
export function recordedBy(record: Sourced, t: (key: MessageKey) => string): string | null {
  if (!record.recorded_at) return null;
  const roleKey = `role_${record.recorded_by_role}`;
  const role = roleKey in MESSAGES ? t(roleKey as MessageKey) : (record.recorded_by_role ?? "—");
  const key = record.recorded_by_key_id ? ` #${record.recorded_by_key_id}` : "";
  return `${record.recorded_by ?? "—"}（${role}${key}）${record.recorded_at.slice(0, 10)}`;
}

export function Provenance({ record }: { record: Sourced }) {
  const { t } = useI18n();
  const entered = recordedBy(record, t);
  return (
    <Space size={4} wrap className="provenance">
      {record.is_generated && (
        <Tooltip title={t("generatedHelp")}>
          <Tag color={TONE.caution}>{t("generated")}</Tag>
        </Tooltip>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("source")}: {record.source ?? "—"} · {t("asOf")}: {record.as_of ?? "—"}
        {entered && ` · ${t("recordedBy")}: ${entered}`}
      </Typography.Text>
    </Space>
  );
}
