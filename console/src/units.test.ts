import { describe, expect, it } from "vitest";
import { query } from "./api/client";
import { recordedBy } from "./components/Provenance";
import { area, yuan } from "./format";
import { MESSAGES, translate } from "./i18n";
import { place } from "./pages/officer/ChainGraph";
import { HOME, menuFor, SCREENS } from "./routes";
import { href } from "./router";

describe("query", () => {
  it("drops empty values and repeats lists", () => {
    expect(query({ q: "苏州", limit: 5, cursor: undefined, province: "", ids: [1, 2] })).toBe(
      "?q=%E8%8B%8F%E5%B7%9E&limit=5&ids=1&ids=2",
    );
    expect(query({ cursor: null })).toBe("");
  });
});

describe("href", () => {
  it("builds hash routes with parameters", () => {
    expect(href("/parks", { id: 7 })).toBe("#/parks?id=7");
    expect(href("/search")).toBe("#/search");
    expect(href("/scorecard", { park: 7, track: undefined })).toBe("#/scorecard?park=7");
  });
});

describe("yuan", () => {
  it("formats known amounts and marks unknown ones", () => {
    expect(yuan(1234567.4)).toBe("¥1,234,567");
    expect(yuan(null)).toBe("—");
    expect(area(12500.4)).toBe("12,500 m²");
    expect(area(null)).toBe("—");
  });
});

describe("recordedBy", () => {
  const t = (key: Parameters<typeof translate>[1]) => translate("zh", key);
  it("names the account that entered a record, its role and key, and the day", () => {
    const entered = { recorded_at: "2026-12-06T03:20:56Z", recorded_by: "基金投资部", recorded_by_role: "fund", recorded_by_key_id: 3 };
    expect(recordedBy(entered, t)).toBe("基金投资部（基金 #3）2026-12-06");
    expect(recordedBy({ ...entered, recorded_by: null, recorded_by_key_id: null, recorded_by_role: "admin" }, t)).toBe("—（管理员）2026-12-06");
  });
  it("says nothing for a record nobody entered through the API", () => {
    expect(recordedBy({ source: "import 投资.csv", recorded_at: null }, t)).toBeNull();
  });
});

describe("messages", () => {
  it("has a non-empty Chinese and English text for every key", () => {
    for (const key of Object.keys(MESSAGES) as (keyof typeof MESSAGES)[]) {
      expect(translate("zh", key)).not.toBe("");
      expect(translate("en", key)).not.toBe("");
    }
    expect(translate("zh", "generated")).toBe("示例");
  });
});

describe("menus by role", () => {
  it("lands each role on a screen it may open and shows no other role's screens", () => {
    for (const [role, path] of Object.entries(HOME)) {
      const screen = SCREENS.find((s) => s.path === path);
      expect(screen?.roles).toContain(role);
    }
    const officer = menuFor("officer").map((s) => s.path);
    expect(officer).toContain("/officer/leads");
    expect(officer).not.toContain("/fund/deals");
    expect(menuFor("provider").map((s) => s.path)).not.toContain("/officer/chain");
  });
});

describe("chain graph layout", () => {
  const node = (id: number, stage: string) => ({ id, name: `n${id}`, score: 0, details: { stage } });
  it("puts stages in bands from left to right and wraps long columns", () => {
    const nodes = [
      ...Array.from({ length: 20 }, (_, i) => node(i + 1, "upstream")),
      node(100, "midstream"),
      node(200, "downstream"),
    ];
    const at = place(nodes);
    expect(at.size).toBe(22);
    expect(at.get(15)!.x).toBeGreaterThan(at.get(1)!.x); // the 15th upstream node starts a second column
    expect(at.get(15)!.y).toBe(at.get(1)!.y);
    expect(at.get(100)!.x).toBeGreaterThan(at.get(15)!.x);
    expect(at.get(200)!.x).toBeGreaterThan(at.get(100)!.x);
  });
});
