import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useI18n } from "../i18n";
import { useSession } from "../session";

export function SignIn() {
  const { t, toggle } = useI18n();
  const { signIn } = useSession();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async ({ key }: { key: string }) => {
    setBusy(true);
    setFailed(false);
    try {
      await signIn(key.trim());
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main style={{ display: "flex", justifyContent: "center", paddingTop: "12vh" }}>
      <Card style={{ width: 480 }}>
        <h1 style={{ marginTop: 0 }}>{t("appName")}</h1>
        <Form layout="vertical" onFinish={submit}>
          <Form.Item name="key" label={t("apiKey")} rules={[{ required: true, message: t("keyRequired") }]}>
            <Input.Password autoFocus autoComplete="off" placeholder="pm_..." />
          </Form.Item>
          {failed && <Alert type="error" role="alert" message={t("keyRejected")} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={busy} block>
            {t("signIn")}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          {t("signInHelp")}
        </Typography.Paragraph>
        <Button type="link" onClick={toggle}>
          {t("language")}
        </Button>
      </Card>
    </main>
  );
}
