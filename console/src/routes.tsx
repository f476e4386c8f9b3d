// Every screen, who may open it and where it sits in the menu. Pages load lazily (charts are heavy).
import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import type { MessageKey } from "./i18n";
import type { Role } from "./session";

export type Screen = {
  path: string;
  title: MessageKey;
  roles: Role[];
  page: LazyExoticComponent<ComponentType>;
  /** Roles that see it in the menu (default: every role that may open it). */
  menu?: Role[];
};

const EVERYONE: Role[] = ["admin", "officer", "enterprise", "fund", "provider"];

export const SCREENS: Screen[] = [
  { path: "/officer/chain", title: "chainMap", roles: ["admin", "officer"], page: lazy(() => import("./pages/officer/ChainMap")) },
  { path: "/officer/targets", title: "targets", roles: ["admin", "officer"], page: lazy(() => import("./pages/officer/Targets")) },
  { path: "/officer/leads", title: "leads", roles: ["admin", "officer"], page: lazy(() => import("./pages/officer/Leads")) },
  { path: "/scorecard", title: "scorecard", roles: EVERYONE, page: lazy(() => import("./pages/evaluation/Scorecard")), menu: ["officer"] },
  { path: "/benchmark", title: "benchmark", roles: EVERYONE, page: lazy(() => import("./pages/evaluation/Benchmark")), menu: ["officer"] },
  { path: "/officer/funds", title: "parkFunds", roles: ["admin", "officer"], page: lazy(() => import("./pages/officer/ParkFunds")) },
  { path: "/enterprise/parks", title: "parksForCompany", roles: ["admin", "enterprise"], page: lazy(() => import("./pages/enterprise/ParksForCompany")) },
  { path: "/enterprise/policies", title: "policyCalculator", roles: ["admin", "enterprise"], page: lazy(() => import("./pages/enterprise/PolicyCalculator")) },
  { path: "/fund/deals", title: "dealFlow", roles: ["admin", "fund"], page: lazy(() => import("./pages/fund/DealFlow")) },
  { path: "/fund/portfolio", title: "portfolio", roles: ["admin", "fund"], page: lazy(() => import("./pages/fund/Portfolio")), menu: ["fund"] },
  { path: "/provider/clients", title: "clients", roles: ["admin", "provider"], page: lazy(() => import("./pages/provider/Clients")) },
  { path: "/ranking", title: "ranking", roles: EVERYONE, page: lazy(() => import("./pages/evaluation/Ranking")), menu: ["admin", "officer", "fund"] },
  { path: "/pool", title: "pool", roles: EVERYONE, page: lazy(() => import("./pages/evaluation/Pool")), menu: ["admin", "officer", "fund"] },
  { path: "/saved", title: "savedSearches", roles: EVERYONE, page: lazy(() => import("./pages/SavedSearches")) },
  { path: "/search", title: "search", roles: EVERYONE, page: lazy(() => import("./pages/Search")) },
  { path: "/map", title: "parksMap", roles: EVERYONE, page: lazy(() => import("./pages/ParksMap")) },
  { path: "/parks", title: "parkDossier", roles: EVERYONE, page: lazy(() => import("./pages/ParkDossier")), menu: ["officer"] },
  { path: "/companies", title: "companyDossier", roles: EVERYONE, page: lazy(() => import("./pages/CompanyDossier")), menu: ["enterprise"] },
];

/** Each role's first screen after signing in. */
export const HOME: Record<Role, string> = {
  admin: "/search",
  officer: "/officer/chain",
  enterprise: "/enterprise/parks",
  fund: "/fund/deals",
  provider: "/provider/clients",
};

export const menuFor = (role: Role): Screen[] => SCREENS.filter((screen) => (screen.menu ?? screen.roles).includes(role));
