import { Typography } from "antd";
import { useI18n } from "../i18n";

/** An empty table's or list's text, dark enough to read (antd's placeholder grey is under 4.5:1). */
export function NoData() {
  const { t } = useI18n();
  return <Typography.Text type="secondary">{t("noData")}</Typography.Text>;
}
