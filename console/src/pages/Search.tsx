// One search box over parks, companies, funds and providers (Chinese or English); results grouped
// by kind, each opening its dossier; the query can be saved to be told what is new.
import { Button, Card, Input, Space, Tabs, message } from "antd";
import { ApiError, post, type MatchAnswer, type MatchItem } from "../api/client";
import { useLoad } from "../api/useLoad";
import { Failure } from "../components/Failure";
import { companyLink, MatchList, parkLink } from "../components/MatchList";
import { useI18n, type MessageKey } from "../i18n";
import { navigate, useLocation } from "../router";

const KINDS: { entity: string; title: MessageKey; records: "companies" | "parks" | "funds" | "providers"; link?: (item: MatchItem) => string }[] = [
  { entity: "company", title: "company", records: "companies", link: companyLink },
  { entity: "park", title: "park", records: "parks", link: parkLink },
  { entity: "fund", title: "funds", records: "funds" },
  { entity: "provider", title: "providers", records: "providers" },
];

export default function Search() {
  const { t } = useI18n();
  const { params } = useLocation();
  const text = params.get("q") ?? "";
  const answer = useLoad(text ? () => post<MatchAnswer>("/match/search", { text, limit: 20 }) : null, [text]);
  const save = async () => {
    try {
      await post("/saved-searches", { name: text, kind: "search", query: { text } });
      message.success(t("savedSearches"));
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : t("error"));
    }
  };
  const items = answer.data?.items ?? [];
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Card>
        <Space wrap>
          <Input.Search
            aria-label={t("search")}
            defaultValue={text}
            key={text}
            placeholder={t("searchPlaceholder")}
            style={{ width: 480 }}
            enterButton={t("search")}
            onSearch={(value) => value.trim() && navigate("/search", { q: value.trim() })}
          />
          {text && <Button onClick={save}>{`${t("savedSearches")} +`}</Button>}
        </Space>
      </Card>
      <Failure error={answer.error} />
      {text && (
        <Card loading={answer.loading}>
          <Tabs
            items={KINDS.map((kind) => {
              const found = items.filter((item) => item.details?.entity === kind.entity);
              return {
                key: kind.entity,
                label: `${t(kind.title)} (${found.length})`,
                children: <MatchList label={t(kind.title)} items={found} link={kind.link} records={kind.records} />,
              };
            })}
          />
        </Card>
      )}
    </Space>
  );
}
