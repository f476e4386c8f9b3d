// "Add to pipeline": a lead for this company in the officer's park (the leads API).
import { Button, message } from "antd";
import { useState } from "react";
import { ApiError, post, type Schemas } from "../api/client";
import { useI18n } from "../i18n";

export function AddToPipeline({ parkId, companyId, name }: { parkId: number; companyId: number; name: string }) {
  const { t } = useI18n();
  const [added, setAdded] = useState(false);
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    try {
      await post<Schemas["LeadRead"]>("/leads", { park_id: parkId, company_id: companyId });
      setAdded(true);
      message.success(`${t("added")}: ${name}`);
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : t("error"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" type={added ? "default" : "primary"} disabled={added} loading={busy} onClick={add}
      aria-label={`${t("addToPipeline")}: ${name}`}>
      {added ? t("added") : t("addToPipeline")}
    </Button>
  );
}
