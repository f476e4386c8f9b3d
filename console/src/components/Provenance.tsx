// Where a record comes from and how old it is; generated demo records say 示例.
import { Space, Tag, Tooltip, Typography } from "antd";
import { useI18n } from "../i18n";
import { TONE } from "../tones";

export type Sourced = { source?: string | null; as_of?: string | null; is_generated?: boolean | null };

export function Provenance({ record }: { record: Sourced }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap className="provenance">
      {record.is_generated && (
        <Tooltip title={t("generatedHelp")}>
          <Tag color={TONE.caution}>{t("generated")}</Tag>
        </Tooltip>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("source")}: {record.source ?? "—"} · {t("asOf")}: {record.as_of ?? "—"}
      </Typography.Text>
    </Space>
  );
}
