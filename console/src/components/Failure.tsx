import { Alert } from "antd";
import { ApiError } from "../api/client";
import { useI18n } from "../i18n";

/** An error from the API, with the fields it names. */
export function Failure({ error }: { error?: Error }) {
  const { t } = useI18n();
  if (!error) return null;
  const details = error instanceof ApiError ? error.details.map((d) => `${d.field}: ${d.reason}`) : [];
  return (
    <Alert
      type="error"
      showIcon
      message={`${t("error")}: ${error.message}`}
      description={details.length ? details.join("; ") : undefined}
      role="alert"
    />
  );
}
