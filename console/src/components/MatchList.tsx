// A match answer as a list: name, score, the evidence in words, a few details, and actions.
import { List, Progress, Space, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { get, query, type MatchItem, type Page } from "../api/client";
import { useLoad } from "../api/useLoad";
import { useI18n } from "../i18n";
import { href } from "../router";
import { Provenance, type Sourced } from "./Provenance";
import { TONE } from "../tones";

type Props = {
  items: MatchItem[];
  loading?: boolean;
  /** Where a name links to (a dossier); none: plain text. */
  link?: (item: MatchItem) => string | undefined;
  actions?: (item: MatchItem) => ReactNode[];
  label: string;
  /** The catalog collection the items are records of: their source and date are shown. */
  records?: "companies" | "parks" | "funds" | "providers";
  /** What the items' score is (default: the match score). */
  scoreLabel?: string;
};

export const companyLink = (item: MatchItem) => href("/companies", { id: item.id });
export const parkLink = (item: MatchItem) => href("/parks", { id: item.id });

export function MatchList({ items, loading, link, actions, label, records, scoreLabel }: Props) {
  const { t } = useI18n();
  const ids = items.map((item) => item.id);
  const sources = useLoad(
    records && ids.length
      ? () => get<Page<Sourced & { id: number }>>(`/${records}${query({ ids, limit: ids.length })}`)
      : null,
    [records, ids.join(",")],
  );
  const byId = new Map((sources.data?.items ?? []).map((record) => [record.id, record]));
  return (
    <section aria-label={label}>
    <List
      loading={loading}
      dataSource={items}
      renderItem={(item) => {
        const target = link?.(item);
        const details = item.details ?? {};
        return (
          <List.Item actions={actions?.(item)} data-testid="match-item">
            <List.Item.Meta
              title={
                <Space wrap>
                  {target ? <a href={target}>{item.name}</a> : <span>{item.name}</span>}
                  {item.code && <Tag>{item.code}</Tag>}
                  {typeof details.province === "string" && <Tag>{details.province}</Tag>}
                  {typeof details.industry === "string" && <Tag color={TONE.info}>{details.industry}</Tag>}
                </Space>
              }
              description={
                <>
                  <Space>
                    <Typography.Text type="secondary">{scoreLabel ?? t("score")}</Typography.Text>
                    <Progress
                      percent={Math.round(item.score * 100)}
                      format={() => item.score.toFixed(2)}
                      status="normal"
                      size="small"
                      style={{ width: 160 }}
                      aria-label={`${scoreLabel ?? t("score")} ${item.score.toFixed(2)}`}
                    />
                  </Space>
                  <ul className="evidence" aria-label={t("evidence")}>
                    {(item.evidence ?? []).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                  {byId.has(item.id) && <Provenance record={byId.get(item.id)!} />}
                </>
              }
            />
          </List.Item>
        );
      }}
    />
    </section>
  );
}
