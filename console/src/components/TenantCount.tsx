import { Space, Tag, Tooltip } from "antd";
import { useI18n } from "../i18n";
import { TONE } from "../tones";

/** A count of tenants and, tagged 示例, how many of them the demo generator placed. */
export function TenantCount({ total, generated }: { total: number; generated: number }) {
  const { t } = useI18n();
  return (
    <Space size={4}>
      {total}
      {generated > 0 && (
        <Tooltip title={t("generatedTenantsHelp")}>
          <Tag color={TONE.caution}>
            {t("generated")} {generated}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}
