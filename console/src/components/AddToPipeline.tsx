// "Add to pipeline": a lead for this company in the officer's park (the leads API). A park has one
// lead per company, so companies already in the pipeline say so instead.
import { Button, message } from "antd";
import { useState } from "react";
import { ApiError, get, post, query, type Page, type Schemas } from "../api/client";
import { useLoad } from "../api/useLoad";
import { useI18n } from "../i18n";

/** The companies already in the park's pipeline. */
export function usePipeline(parkId: number | undefined): Set<number> {
  const leads = useLoad(
    parkId ? () => get<Page<Schemas["LeadRead"]>>(`/leads${query({ park_id: parkId, limit: 200 })}`) : null,
    [parkId],
  );
  return new Set((leads.data?.items ?? []).map((lead) => lead.company_id));
}

type Props = { parkId: number; companyId: number; name: string; inPipeline: boolean };

export function AddToPipeline({ parkId, companyId, name, inPipeline }: Props) {
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
  const done = added || inPipeline;
  return (
    <Button size="small" type={done ? "default" : "primary"} disabled={done} loading={busy} onClick={add}
      aria-label={`${done ? t("added") : t("addToPipeline")}: ${name}`}>
      {done ? t("added") : t("addToPipeline")}
    </Button>
  );
}
