// Time to first render of the console in headless Chromium (for `make bench`): a fresh browser
// context loads BASE_URL; prints {"first_contentful_paint_ms", "sign_in_ms"} as JSON, where
// sign_in_ms is the time from navigation until the sign-in form is visible. Median of RUNS loads.
import { chromium } from "playwright-core";

const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8000";
const RUNS = Number(process.env.RUNS ?? 5);
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: FLAGS });
const paints = [];
const signIns = [];
try {
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const began = Date.now();
    await page.goto(BASE_URL);
    await page.locator("input[type=password]").waitFor();
    signIns.push(Date.now() - began);
    paints.push(
      await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? -1),
    );
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ first_contentful_paint_ms: median(paints), sign_in_ms: median(signIns), runs: RUNS }));
