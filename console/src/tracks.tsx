// The future-industry tracks as the match service configures them (GET /evaluation/tracks,
// tracks.json): the names the ranking, the pool and the benchmark filter by, and what each counts.
import { Space, Tag, Typography } from "antd";
import { get, type Schemas } from "./api/client";
import { useLoad, type Loaded } from "./api/useLoad";
import { useI18n } from "./i18n";

export type TracksConfig = Schemas["TracksRead"];
type Track = Schemas["TrackRead"];
type SubField = Schemas["SubFieldRead"];

let config: Promise<TracksConfig> | undefined;

/** The configuration, asked once per page load (a failed answer is asked again next time). */
export function useTracks(): Loaded<TracksConfig> {
  return useLoad(() => {
    config ??= get<TracksConfig>("/evaluation/tracks").catch((error: Error) => {
      config = undefined;
      throw error;
    });
    return config;
  }, []);
}

/** The tracks as select options. */
export const trackOptions = (tracks: Loaded<TracksConfig>) =>
  (tracks.data?.tracks ?? []).map((track) => ({ value: track.name, label: track.name }));

/** What a sub-field counts, in words: its chains (and the segments restricting them) and its 申万 industries. */
export function subFieldScope(sub: SubField, labels: { chains: string; industries: string }): string {
  const chains = sub.chains.length ? `${labels.chains}: ${sub.chains.join("、")}${sub.nodes.length ? `（${sub.nodes.join("、")}）` : ""}` : "";
  const industries = sub.industries.length ? `${labels.industries}: ${sub.industries.join("、")}` : "";
  return [chains, industries].filter(Boolean).join("；");
}

/** One track's sub-fields, each with the chains and industries it counts, and the configuration's source. */
export function TrackScope({ name, tracks }: { name: string | undefined; tracks: Loaded<TracksConfig> }) {
  const { t } = useI18n();
  const track: Track | undefined = tracks.data?.tracks.find((one) => one.name === name);
  if (!tracks.data || !track) return null;
  const labels = { chains: t("chains"), industries: t("swIndustries") };
  return (
    <Space direction="vertical" size={2} data-testid="track-scope">
      <Space size={4} wrap>
        <Typography.Text>{t("trackCounts")}:</Typography.Text>
        {track.sub_fields.map((sub) => (
          <Tag key={sub.name} title={subFieldScope(sub, labels)}>
            {sub.name}
          </Tag>
        ))}
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} title={tracks.data.source}>
        {t("tracksConfig")} {tracks.data.version}（{tracks.data.as_of}）
      </Typography.Text>
    </Space>
  );
}
