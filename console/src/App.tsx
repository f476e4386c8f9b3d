// The frame: sign-in, then the layout with the caller's role's menu, the one search box and the
// language toggle around the current screen.
import { ProLayout } from "@ant-design/pro-components";
import { Button, ConfigProvider, Input, Result, Space, Spin, Tag, type ThemeConfig } from "antd";
// The ES modules: the CommonJS "antd/locale/..." reach the bundle as a module whose default is the
// exports object, so antd got no texts (a table's expand buttons had no name).
import enUS from "antd/es/locale/en_US";
import zhCN from "antd/es/locale/zh_CN";
import { Suspense, useEffect } from "react";
import { NoData } from "./components/NoData";
import { useI18n } from "./i18n";
import { SignIn } from "./pages/SignIn";
import { HOME, menuFor, SCREENS } from "./routes";
import { navigate, useLocation } from "./router";
import { useSession } from "./session";
import { TONE } from "./tones";

// Colours with at least 4.5:1 contrast on white (WCAG AA): antd's defaults for links and secondary
// text are lighter than that.
const THEME: ThemeConfig = {
  token: {
    colorPrimary: "#0958d9",
    colorLink: "#0958d9",
    colorLinkHover: "#003eb3",
    colorLinkActive: "#002c8c",
    colorTextSecondary: "rgba(0, 0, 0, 0.68)",
    colorTextTertiary: "rgba(0, 0, 0, 0.62)",
    colorTextDescription: "rgba(0, 0, 0, 0.68)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.6)",
  },
};

export function App() {
  const { language } = useI18n();
  return (
    <ConfigProvider locale={language === "zh" ? zhCN : enUS} theme={THEME} button={{ autoInsertSpace: false }}
      renderEmpty={() => <NoData />}>
      <Frame />
    </ConfigProvider>
  );
}

function Frame() {
  const { t, toggle } = useI18n();
  const { me, ready, signOut } = useSession();
  const location = useLocation();
  useEffect(() => {
    if (me && location.path === "/") navigate(HOME[me.role]);
  }, [me, location.path]);
  if (!ready) return <Spin fullscreen />;
  if (!me) return <SignIn />;
  const screen = SCREENS.find((s) => s.path === location.path);
  const Page = screen?.page;
  return (
    <ProLayout
      title={t("appName")}
      logo={false}
      layout="mix"
      fixSiderbar
      location={{ pathname: location.path }}
      route={{ path: "/", routes: menuFor(me.role).map((s) => ({ path: s.path, name: t(s.title) })) }}
      // Named even when the sider is collapsed (then only an initial shows, the name in a tooltip).
      menuItemRender={(item, dom) => <a href={`#${item.path}`} aria-label={item.name}>{dom}</a>}
      actionsRender={() => [
        <Input.Search
          key="search"
          aria-label={t("search")}
          placeholder={t("searchPlaceholder")}
          style={{ width: 320, verticalAlign: "middle" }}
          onSearch={(text) => text.trim() && navigate("/search", { q: text.trim() })}
        />,
        <Tag key="role" color={TONE.info}>
          {t(`role_${me.role}`)}
        </Tag>,
        <Button key="language" type="text" onClick={toggle} lang={t("language") === "English" ? "en" : "zh-CN"}>
          {t("language")}
        </Button>,
        <Button key="out" type="text" onClick={signOut}>
          {t("signOut")}
        </Button>,
      ]}
    >
      <main>
        <Suspense fallback={<Spin />}>
          {!screen || !Page ? (
            location.path === "/" ? <Spin /> : <Result status="404" title={t("notFound")} />
          ) : !screen.roles.includes(me.role) ? (
            <Result status="403" title={t("forbiddenPage")} />
          ) : (
            <Space direction="vertical" style={{ width: "100%" }}>
              <h1 style={{ margin: 0, fontSize: 20 }}>{t(screen.title)}</h1>
              <Page />
            </Space>
          )}
        </Suspense>
      </main>
    </ProLayout>
  );
}
