import { Button, Space, Typography } from "antd";
import type { Pages } from "../api/usePages";
import { useI18n } from "../i18n";

/** "12 / 340" and a "load more" button under a paged list. */
export function MorePages({ pages }: { pages: Pages<unknown> }) {
  const { t } = useI18n();
  return (
    <Space style={{ marginTop: 12 }}>
      <Typography.Text type="secondary">
        {pages.items.length} / {pages.total ?? 0}
      </Typography.Text>
      {pages.more && (
        <Button onClick={pages.more} loading={pages.loadingMore}>
          {t("loadMore")}
        </Button>
      )}
    </Space>
  );
}
