import { describe, expect, it } from "vitest";
import { formatIndicator, indicatorDate, score } from "./evaluation";
import { translate } from "./i18n";
import { neighbour } from "./pages/officer/kanbanKeyboard";
import { codeLabel, peerGroupLabel } from "./pages/evaluation/labels";

const zh = (key: Parameters<typeof translate>[1]) => translate("zh", key);

describe("indicator values", () => {
  it("reads each indicator in its unit", () => {
    expect(formatIndicator("coverage", 0.4167)).toBe("42%");
    expect(formatIndicator("location_quotient", 1.2549)).toBe("1.25");
    expect(formatIndicator("revenue_growth_pct", -3.26)).toBe("-3.3%");
    expect(formatIndicator("leaders", 2)).toBe("2");
    expect(formatIndicator("available_area_m2", 12500.4)).toBe("12,500 m²");
    expect(formatIndicator("tenants", 3.25)).toBe("3.3");
    expect(formatIndicator("tenants", null)).toBe("—");
    expect(score(87.654)).toBe("87.7");
    expect(score(null)).toBe("—");
  });

  it("dates the financial indicators by the financials and the others by the tracks", () => {
    const dates = { tracks: "2024-01-18", financials_from: "2024-05-13", financials_to: "2024-05-13" };
    expect(indicatorDate("net_margin_pct", dates)).toBe("2024-05-13");
    expect(indicatorDate("leaders", { ...dates, financials_from: "2023-12-31" })).toBe("2023-12-31 – 2024-05-13");
    expect(indicatorDate("coverage", dates)).toBe("2024-01-18");
    expect(indicatorDate("available_area_m2", dates)).toBe("—");
    expect(indicatorDate("leaders", { tracks: "2024-01-18", financials_from: null, financials_to: null })).toBe("—");
  });
});

describe("evaluation codes", () => {
  it("names the peer group's parts and keeps codes it does not know", () => {
    expect(peerGroupLabel("high_tech / national / large", zh)).toBe("高新区 / 国家级 / 面积大");
    expect(peerGroupLabel("all parks", zh)).toBe("全部园区");
    expect(codeLabel("something_new", zh)).toBe("something_new");
  });
});

describe("keyboard moves on the kanban", () => {
  const stages = ["identified", "contacted", "visited", "lost"];
  it("goes one column at a time and stops at the edges", () => {
    expect(neighbour(stages, "contacted", 1)).toBe("visited");
    expect(neighbour(stages, "contacted", -1)).toBe("identified");
    expect(neighbour(stages, "identified", -1)).toBe("identified");
    expect(neighbour(stages, "lost", 1)).toBe("lost");
  });
});
