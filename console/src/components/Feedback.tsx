// An officer marks a suggested target relevant or not (the match service learns the park's taste).
import { Button, Space, message } from "antd";
import { useState } from "react";
import { ApiError, post } from "../api/client";
import { useI18n } from "../i18n";

export function Feedback({ parkId, companyId, name }: { parkId: number; companyId: number; name: string }) {
  const { t } = useI18n();
  const [given, setGiven] = useState<boolean | null>(null);
  const send = async (relevant: boolean) => {
    try {
      await post("/match/feedback", { park_id: parkId, company_id: companyId, relevant });
      setGiven(relevant);
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : t("error"));
    }
  };
  return (
    <Space size={4}>
      <Button size="small" type={given === true ? "primary" : "default"} aria-pressed={given === true}
        aria-label={`${t("relevant")}: ${name}`} onClick={() => void send(true)}>
        {t("relevant")}
      </Button>
      <Button size="small" danger={given === false} aria-pressed={given === false}
        aria-label={`${t("notRelevant")}: ${name}`} onClick={() => void send(false)}>
        {t("notRelevant")}
      </Button>
    </Space>
  );
}
