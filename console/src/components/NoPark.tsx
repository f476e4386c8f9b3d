import { Result } from "antd";
import { useI18n } from "../i18n";

export function NoPark() {
  const { t } = useI18n();
  return <Result status="info" title={t("noPark")} />;
}
