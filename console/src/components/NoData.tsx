import { Typography } from "antd";
import { useI18n } from "../i18n";

/** What an empty table, list or menu shows (ConfigProvider renderEmpty): dark enough to read, where
 * antd's placeholder grey is under 4.5:1. */
export function NoData() {
  const { t } = useI18n();
  return <Typography.Text type="secondary">{t("noData")}</Typography.Text>;
}
