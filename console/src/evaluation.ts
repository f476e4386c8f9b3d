// How the park evaluation's numbers read (docs/evaluation.md): each indicator's unit and the data it
// is computed from, so the scorecard shows a value and its data date the way the methodology means.
import type { Schemas } from "./api/client";
import { area, yuan } from "./format";

export type ScorecardData = Schemas["Scorecard"];
export type Group = Schemas["GroupRead"];
export type Indicator = Schemas["IndicatorRead"];

/** Indicators computed from the listed companies' financial figures (their dates are the financials'). */
const FROM_FINANCIALS = new Set(["leaders", "revenue_growth_pct", "net_margin_pct"]);
/** Indicators counted over the group's chains and industries as the tracks configuration names them. */
const FROM_MEMBERSHIP = new Set(["tenants", "location_quotient", "coverage", "future_tracks"]);

const number = (value: number, digits: number) =>
  value.toLocaleString("zh-CN", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** An indicator's value in its unit: shares as %, percentages with one decimal, counts as counts. */
export function formatIndicator(name: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  switch (name) {
    case "coverage":
      return `${number(value * 100, 0)}%`;
    case "location_quotient":
      return number(value, 2);
    case "revenue_growth_pct":
    case "net_margin_pct":
      return `${number(value, 1)}%`;
    case "leaders":
    case "funds":
      return number(value, 0);
    case "policy_benefit_yuan":
    case "fund_size_yuan":
      return yuan(value);
    case "available_area_m2":
      return area(value);
    default:
      return number(value, 1);
  }
}

/** A company score component's figure in its unit: total assets in 亿元, revenue growth and net
 * margin in %, the best chain membership confidence with two decimals, qualifications as named. */
export function componentValue(name: string, value: number | string | null): string {
  if (value === null) return "—";
  if (typeof value === "string") return value;
  switch (name) {
    case "size":
      return `${number(value / 1e8, 1)} 亿元`;
    case "growth":
    case "margins":
      return `${number(value, 1)}%`;
    case "chain_position":
      return number(value, 2);
    default:
      return String(value);
  }
}

/** The date of the data an indicator is computed from: the financials' dates for the financial ones,
 * the tracks configuration's date (which chains and industries form the group) for the membership
 * ones; "—" for the others (the carriers' area: each carrier carries its own date). */
export function indicatorDate(name: string, dates: ScorecardData["data_dates"]): string {
  if (FROM_FINANCIALS.has(name)) {
    const from = dates.financials_from;
    const to = dates.financials_to;
    return from && to && from !== to ? `${from} – ${to}` : (to ?? from ?? "—");
  }
  return FROM_MEMBERSHIP.has(name) ? (dates.tracks ?? "—") : "—";
}

/** A 0-100 score with one decimal, "—" when there is none. */
export const score = (value: number | null | undefined): string =>
  value === null || value === undefined ? "—" : value.toFixed(1);
