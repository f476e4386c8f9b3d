import { describe, expect, it } from "vitest";
import { componentValue, formatIndicator, indicatorDate, score } from "./evaluation";
import { translate } from "./i18n";
import { columnCoordinates, neighbour } from "./pages/officer/kanbanKeyboard";
import { targetItems } from "./pages/evaluation/Benchmark";
import { codeLabel, peerGroupLabel } from "./pages/evaluation/labels";
import { menuFor } from "./routes";
import { subFieldScope } from "./tracks";

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
    expect(componentValue("size", 56257000000)).toBe("562.6 亿元");
    expect(componentValue("growth", 51.36)).toBe("51.4%");
    expect(componentValue("chain_position", 1)).toBe("1.00");
    expect(componentValue("qualifications", "专精特新")).toBe("专精特新");
    expect(componentValue("margins", null)).toBe("—");
    expect(score(null)).toBe("—");
  });

  it("dates the financial indicators by the financials and the others by the tracks", () => {
    const dates = { tracks: "2024-01-18", financials_from: "2024-05-13", financials_to: "2024-05-13" };
    expect(indicatorDate("net_margin_pct", dates)).toBe("2024-05-13");
    expect(indicatorDate("leaders", { ...dates, financials_from: "2023-12-31" })).toBe("2023-12-31 – 2024-05-13");
    expect(indicatorDate("coverage", dates)).toBe("2024-01-18");
    expect(indicatorDate("future_tracks", dates)).toBe("2024-01-18");
    expect(indicatorDate("available_area_m2", dates)).toBe("—");
    expect(indicatorDate("leaders", { tracks: "2024-01-18", financials_from: null, financials_to: null })).toBe("—");
  });
});

describe("track sub-fields", () => {
  const labels = { chains: "产业链", industries: "申万行业" };
  it("say which chains (and segments) and industries they count", () => {
    const sub = { name: "新型电力系统", chains: ["智能电网设备产业链"], nodes: [], industries: ["电网自动化设备", "输变电设备"] };
    expect(subFieldScope(sub, labels)).toBe("产业链: 智能电网设备产业链；申万行业: 电网自动化设备、输变电设备");
    expect(subFieldScope({ ...sub, nodes: ["上游"], industries: [] }, labels)).toBe("产业链: 智能电网设备产业链（上游）");
    expect(subFieldScope({ ...sub, chains: [] }, labels)).toBe("申万行业: 电网自动化设备、输变电设备");
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

describe("benchmark targets", () => {
  it("list a gap's companies with their membership confidence as the score and the evidence as given", () => {
    const gap = {
      kind: "chain_segment", key: "12", name: "半导体 / 材料", share: 0.6, peers: [],
      targets: [{
        company_id: 7, name: "甲公司", stock_code: "600001", province: "江苏省", node_id: 12, node: "半导体 / 硅片",
        confidence: 0.83, company_score: 71.2, is_generated: false, evidence: ["「硅片」环节成员"],
      }],
    };
    expect(targetItems(gap)).toEqual([{
      id: 7, name: "甲公司", score: 0.83, code: "600001", evidence: ["「硅片」环节成员"],
      details: { province: "江苏省", company_score: 71.2 },
    }]);
  });
});

describe("evaluation screens in the menus", () => {
  it("gives the fund its portfolio and the pool, the officer the scorecard and the benchmark", () => {
    const fund = menuFor("fund").map((s) => s.path);
    expect(fund).toEqual(expect.arrayContaining(["/fund/portfolio", "/pool"]));
    const officer = menuFor("officer").map((s) => s.path);
    expect(officer).toEqual(expect.arrayContaining(["/scorecard", "/benchmark", "/ranking", "/pool"]));
    expect(menuFor("enterprise").map((s) => s.path)).not.toContain("/fund/portfolio");
  });
});

describe("keyboard coordinates on the kanban", () => {
  const rect = (left: number) => ({ left, top: 100, width: 160, height: 400, right: left + 160, bottom: 500 });
  const context = {
    over: { id: "contacted" },
    active: { data: { current: { column: "identified" } } },
    droppableRects: new Map([["identified", rect(0)], ["contacted", rect(200)], ["visited", rect(400)]]),
    collisionRect: { left: 210, top: 120, width: 140, height: 90 },
  };
  const key = (code: string) => ({ code, preventDefault: () => {} }) as unknown as KeyboardEvent;
  const getter = columnCoordinates(["identified", "contacted", "visited"]);
  const at = (code: string, ctx: object = context) =>
    getter(key(code), { active: "lead-1", context: ctx, currentCoordinates: { x: 210, y: 120 } } as never);
  it("carries the card into the middle of the next or previous column", () => {
    expect(at("ArrowRight")).toEqual({ x: 410, y: 148 });
    expect(at("ArrowLeft")).toEqual({ x: 10, y: 148 });
  });
  it("starts from the card's own column before it is over one, and leaves other keys alone", () => {
    expect(at("ArrowRight", { ...context, over: null })).toEqual({ x: 210, y: 148 });
    expect(at("ArrowDown")).toBeUndefined();
  });
});
