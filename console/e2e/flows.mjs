// Browser walk of each role's main flow in headless Chromium (playwright-core driving the system's
// chromium), against a running gateway. Every step is done by keyboard where a person could (focus +
// Enter / Space / arrows), a screenshot is saved after each screen, any console error, page error
// or request to another host fails the run, and axe-core must find no serious or critical violation.
//
//   BASE_URL=http://127.0.0.1:8000 KEYS='{"officer": "pm_...", ...}' SCREENSHOTS=var/e2e node e2e/flows.mjs [role ...]
// Exit code 0 when every flow passed; the failures are printed otherwise.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8000";
const KEYS = JSON.parse(process.env.KEYS ?? "{}");
const SHOTS = process.env.SCREENSHOTS ?? "var/e2e";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TIMEOUT = Number(process.env.STEP_TIMEOUT_MS ?? 60000);
const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** One browser context per flow, watching for console errors and foreign hosts. */
async function session(browser, role) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: "zh-CN" });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = [];
  const origin = new URL(BASE_URL).origin;
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) problems.push(`request to another host: ${url}`);
  });
  let shot = 0;
  const check = async (name) => {
    shot += 1;
    // Toasts fade in and out (half-transparent text mid-animation); check the page once they are gone.
    await page.locator(".ant-message-notice").first().waitFor({ state: "detached" });
    await page.screenshot({ path: join(SHOTS, `${role}-${String(shot).padStart(2, "0")}-${name}.png`), fullPage: true });
    // Evaluated by the browser driver, not as an inline script: the page's CSP forbids inline scripts.
    await page.evaluate(AXE);
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const found = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
      return found.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    for (const violation of result) {
      if (violation.impact === "serious" || violation.impact === "critical") {
        problems.push(`axe ${violation.impact} on ${name}: ${violation.id} at ${violation.nodes.join(", ")}`);
      }
    }
  };
  return { context, page, problems, check };
}

async function signIn(page, key) {
  await page.goto(BASE_URL);
  const field = page.getByLabel(/API 密钥/);
  await field.focus();
  await page.keyboard.type(key);
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "退出" }).waitFor();
}

/** The API as the flow's role, from outside the page (what the browser did, as the server holds it). */
function apiFor(key) {
  return async (path) => {
    const response = await fetch(`${BASE_URL}/api/v1${path}`, { headers: { Authorization: `Bearer ${key}` } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
}

async function expectStage(api, leadId, stage) {
  const lead = await api(`/leads/${leadId}`);
  if (lead.stage !== stage) throw new Error(`lead ${leadId} is ${lead.stage} in the API, not ${stage}`);
}

/** Activate a control by keyboard: focus it, press Enter. */
async function press(locator, key = "Enter") {
  await locator.focus();
  await locator.press(key);
}

async function menu(page, name) {
  await press(page.getByRole("menuitem", { name }).getByRole("link"));
}

const FLOWS = {
  // chain map → gap → the companies that fill it → add to pipeline → targets → move the lead (by
  // pointer, by keyboard drag, by its menu, to lost with a reason) → the scorecard → the ranking.
  async officer({ page, check, api }) {
    await page.getByRole("heading", { name: "产业链图谱" }).waitFor();
    const gap = page.getByTestId("gap").first();
    await gap.waitFor();
    await page.locator(".chain-graph canvas").first().waitFor();
    await check("chain-map");
    await press(gap);
    await page.getByTestId("match-item").first().waitFor();
    // The first company not yet in the park's pipeline.
    const filler = page.getByTestId("match-item").filter({ has: page.getByRole("button", { name: /^加入线索/ }) }).first();
    await filler.waitFor();
    const link = filler.getByRole("link").first();
    const company = (await link.textContent()).trim();
    const companyId = new URLSearchParams((await link.getAttribute("href")).split("?")[1]).get("id");
    const leadOf = (stage) => page.locator(`[data-stage="${stage}"] [data-company="${companyId}"]`);
    await filler.getByText(/来源/).waitFor();
    await check("gap-fillers");
    await press(filler.getByRole("button", { name: /^加入线索/ }));
    await page.getByRole("button", { name: `已加入线索: ${company}` }).waitFor();

    await menu(page, "招商目标");
    await page.getByTestId("match-item").first().waitFor();
    await check("targets");

    await menu(page, "招商线索");
    const card = leadOf("identified");
    await card.waitFor();
    await check("leads");
    // Drag with the pointer: identified → contacted.
    const contacted = page.locator('[data-stage="contacted"]');
    const from = await card.getByRole("button", { name: /^拖动/ }).boundingBox();
    const to = await contacted.boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 20, from.y + 20, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 10 });
    await page.mouse.up();
    const moved = leadOf("contacted");
    await moved.waitFor();
    const leadId = await moved.getAttribute("data-lead");
    // Dragged by keyboard: the handle says how (its description), space lifts the card (announced),
    // the right arrow carries it one stage on, space drops it: contacted → visited, as the API says.
    const handle = moved.getByRole("button", { name: /^拖动/ });
    const described = await handle.getAttribute("aria-describedby");
    await page.locator(`[id="${described}"]`).getByText(/空格键拿起/).waitFor({ state: "attached" });
    const announced = (text) => page.locator('[id^="DndLiveRegion"]').getByText(text).waitFor({ state: "attached" });
    await handle.focus();
    await page.keyboard.press("Space");
    await announced(/→ 已接触/);
    await page.keyboard.press("ArrowRight");
    await announced(/→ 已考察/);
    await page.keyboard.press("Space");
    await announced(/已放入 已考察/);
    const visited = leadOf("visited");
    await visited.waitFor();
    await expectStage(api, leadId, "visited");
    // By the card's "move to" menu: visited → negotiating (the third choice).
    const mover = visited.getByRole("combobox", { name: /移至/ });
    await mover.focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const negotiating = leadOf("negotiating");
    await negotiating.waitFor();
    await expectStage(api, leadId, "negotiating");
    await press(negotiating.getByRole("button", { name: "历史" }));
    await page.getByRole("dialog").getByText(/已考察/).waitFor();
    await page.getByRole("dialog").getByText(/洽谈中/).waitFor();
    await check("lead-history");
    await press(page.getByRole("dialog").getByRole("button", { name: /close|关闭/i }));
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    // Lost needs a reason: negotiating → lost (the last choice of the menu), the reason typed, OK.
    const lostMover = negotiating.getByRole("combobox", { name: /移至/ });
    await lostMover.focus();
    await page.keyboard.press("Enter");
    for (let n = 0; n < 5; n += 1) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const reason = page.getByRole("dialog").getByRole("textbox", { name: "流失原因" });
    await reason.focus();
    await page.keyboard.type("已选择其他园区");
    await press(page.getByRole("dialog").getByRole("button", { name: "确定" }));
    await leadOf("lost").getByText("已选择其他园区").waitFor();
    await check("lead-lost");

    // The park's scorecard: rank, the six tracks against the peer median, a track's indicators.
    await menu(page, "园区评价");
    await page.getByRole("heading", { name: "园区评价" }).waitFor();
    await page.getByTestId("rank").waitFor();
    await page.locator(".track-radar canvas").first().waitFor();
    await page.getByTestId("indicators").first().locator("tbody tr").first().waitFor();
    await check("scorecard");
    // A track picked by keyboard shows its indicators; from there, the parks ranked by that track.
    const track = page.getByTestId("group").nth(1);
    const trackName = (await track.textContent()).trim();
    await press(track);
    await page.getByText(`指标: ${trackName}`).waitFor();
    await press(page.getByRole("link", { name: "按此赛道排名" }));
    await page.getByRole("heading", { name: "园区排名" }).waitFor();
    await page.getByRole("columnheader", { name: `赛道得分: ${trackName}` }).waitFor();
    const ranked = page.getByTestId("ranked-park").first();
    await ranked.waitFor();
    await check("ranking");
    const rankedName = (await ranked.textContent()).trim();
    await press(ranked);
    await page.getByRole("heading", { name: "园区评价" }).waitFor();
    await page.locator(".ant-card-head-title").getByText(rankedName, { exact: true }).waitFor();

    // The benchmark (对标) of the officer's own park on a track: resembling peers scoring higher,
    // the gaps most of them share, each opening the companies that would fill it.
    await menu(page, "对标分析");
    await page.getByRole("heading", { name: "对标分析" }).waitFor();
    await page.getByTestId("track-score").waitFor();
    await page.getByTestId("benchmark-peers").locator("tbody tr").first().waitFor();
    // The first gap with companies to fill it (carrier kinds and policy categories have none).
    const benchmarkGap = page.locator(".ant-collapse-header").filter({ hasText: /可补齐差距的企业: [1-9]/ }).first();
    if (await benchmarkGap.count()) {
      await press(benchmarkGap);
      await page.getByTestId("match-item").first().waitFor();
    }
    await check("benchmark");

    // The park's funds (房东→股东): their holdings among the tenants and whom they could back next.
    await menu(page, "园区基金");
    await page.getByRole("heading", { name: "园区基金" }).waitFor();
    await page.getByText(/被投资的入驻企业/).first().waitFor();
    await page.locator(".ant-spin-blur").first().waitFor({ state: "detached" });
    await check("park-funds");
  },

  // parks for my needs → compare two → the policy detail of one.
  async enterprise({ page, check }) {
    await page.getByRole("heading", { name: "选址比较" }).waitFor();
    const rows = page.locator("tbody tr.ant-table-row");
    await rows.nth(1).waitFor();
    await check("parks");
    for (const n of [0, 1]) await press(rows.nth(n).getByRole("checkbox"), "Space");
    const comparison = page.getByTestId("comparison");
    await comparison.waitFor();
    await check("compare");
    // No space asked: the location is not costed, and the net cost says so rather than a dash.
    await comparison.locator("tr").filter({ hasText: "净成本" }).getByText("未计（请填写面积）").first().waitFor();
    // With a space, the comparison costs each park's best carrier over the years.
    await page.getByLabel("面积（平方米）").fill("5000");
    await press(page.getByRole("button", { name: /查\s?询/ }));
    await rows.first().getByText(/^¥[\d,]+$/).first().waitFor();  // the costed shortlist is in
    for (const n of [0, 1]) {
      const box = rows.nth(n).getByRole("checkbox");
      if (!(await box.isChecked())) await press(box, "Space");
    }
    await comparison.locator("tr").filter({ hasText: "净成本" }).getByText(/¥[\d,]+/).first().waitFor();
    await check("compare-costed");
    await press(comparison.getByRole("link", { name: /政策明细/ }).first());
    await page.getByRole("heading", { name: "政策计算器" }).waitFor();
    await page.getByText(/可享合计/).waitFor();
    await check("policy-detail");
  },

  // deal flow → a company's dossier (with similar companies) → the curated pool → the portfolio.
  async fund({ page, check }) {
    await page.getByRole("heading", { name: "项目源" }).waitFor();
    const item = page.getByTestId("match-item").first();
    await item.waitFor();
    await check("deal-flow");
    await press(item.getByRole("link").first());
    await page.getByRole("heading", { name: "企业档案" }).waitFor();
    await page.getByLabel("相似企业").getByTestId("match-item").first().waitFor();
    await check("dossier");

    // The curated pool: a company's score components (value, date, source) opened by keyboard.
    await menu(page, "精选企业池");
    await page.getByRole("heading", { name: "精选企业池" }).waitFor();
    const pooled = page.getByTestId("pool-company").first();
    await pooled.waitFor();
    await press(page.locator("tbody tr.ant-table-row").first().getByRole("button", { name: /展开行|Expand row/ }));
    await page.getByRole("columnheader", { name: "评分构成" }).waitFor();
    await check("pool");

    // The fund's portfolio: totals and each holding's rounds.
    await menu(page, "投资组合");
    await page.getByRole("heading", { name: "投资组合" }).waitFor();
    await page.getByText("投资笔数").waitFor();
    await check("portfolio");
  },

  // the companies that need my services, with why (and the same screen in English).
  async provider({ page, check }) {
    await page.getByRole("heading", { name: "潜在客户" }).waitFor();
    const item = page.getByTestId("match-item").first();
    await item.waitFor();
    await item.locator("ul.evidence li").first().waitFor();
    await check("clients");
    // The English toggle, by keyboard; the choice is kept for the next visit.
    await press(page.getByRole("button", { name: "English" }));
    await page.getByRole("heading", { name: "Clients" }).waitFor();
    await check("clients-english");
    await press(page.getByRole("button", { name: "中文" }));
    await page.getByRole("heading", { name: "潜在客户" }).waitFor();
  },
};

async function docs(browser) {
  const { context, page, problems } = await session(browser, "docs");
  for (const [path, ready] of [["/docs", ".swagger-ui .opblock"], ["/redoc", "[role=menuitem], .menu-content"]]) {
    await page.goto(`${BASE_URL}${path}`);
    await page.locator(ready).first().waitFor();
    await page.screenshot({ path: join(SHOTS, `docs${path.replace("/", "-")}.png`) });
  }
  await context.close();
  return problems;
}

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  const roles = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(FLOWS);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const failures = [];
  try {
    for (const role of roles) {
      const flow = session(browser, role);
      const { context, page, problems, check } = await flow;
      try {
        if (!KEYS[role]) throw new Error(`no key for ${role} in KEYS`);
        await signIn(page, KEYS[role]);
        await FLOWS[role]({ page, check, api: apiFor(KEYS[role]) });
      } catch (error) {
        problems.push(`step failed: ${error.message.split("\n").slice(0, 4).join(" | ")}`);
        await page.screenshot({ path: join(SHOTS, `${role}-failed.png`), fullPage: true }).catch(() => {});
      }
      await context.close();
      failures.push(...problems.map((problem) => `${role}: ${problem}`));
      console.log(`${role}: ${problems.length ? "FAILED" : "ok"}`);
    }
    failures.push(...(await docs(browser)).map((problem) => `docs: ${problem}`));
  } finally {
    await browser.close();
  }
  for (const failure of failures) console.error(failure);
  process.exit(failures.length ? 1 : 0);
}

await main();
