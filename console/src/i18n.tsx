// Chinese by default, English on the toggle; every visible word comes from MESSAGES.
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

export const MESSAGES = {
  appName: ["园链通", "ParkMatch"],
  signIn: ["登录", "Sign in"],
  signOut: ["退出", "Sign out"],
  apiKey: ["API 密钥", "API key"],
  signInHelp: [
    "向管理员索取密钥（命令：python -m services.gateway.cli create-key --role officer --park 园区ID --name 名称）",
    "Ask an administrator for a key (python -m services.gateway.cli create-key --role officer --park PARK_ID --name NAME)",
  ],
  keyRequired: ["请输入 API 密钥", "Enter an API key"],
  keyRejected: ["密钥无效或已吊销", "The key is not valid or was revoked"],
  language: ["English", "中文"],
  role_admin: ["管理员", "Administrator"],
  role_officer: ["招商专员", "Investment officer"],
  role_enterprise: ["企业", "Enterprise"],
  role_fund: ["基金", "Fund"],
  role_provider: ["服务机构", "Service provider"],
  search: ["搜索", "Search"],
  searchPlaceholder: ["搜索园区、企业、基金、服务机构（中文或英文）", "Search parks, companies, funds, providers"],
  parksMap: ["园区地图", "Map of parks"],
  chainMap: ["产业链图谱", "Chain map"],
  targets: ["招商目标", "Targets"],
  leads: ["招商线索", "Leads"],
  savedSearches: ["订阅搜索", "Saved searches"],
  parkDossier: ["园区档案", "Park dossier"],
  companyDossier: ["企业档案", "Company dossier"],
  parksForCompany: ["选址比较", "Find parks"],
  policyCalculator: ["政策计算器", "Policy calculator"],
  dealFlow: ["项目源", "Deal flow"],
  clients: ["潜在客户", "Clients"],
  score: ["匹配度", "Score"],
  evidence: ["依据", "Why"],
  source: ["来源", "Source"],
  asOf: ["数据日期", "Data date"],
  generated: ["示例", "Sample"],
  generatedHelp: ["演示数据，由程序生成", "Demo data, generated"],
  addToPipeline: ["加入线索", "Add to pipeline"],
  added: ["已加入线索", "Added to the pipeline"],
  relevant: ["相关", "Relevant"],
  notRelevant: ["不相关", "Not relevant"],
  open: ["查看", "Open"],
  chain: ["产业链", "Chain"],
  status_covered: ["已有", "Present"],
  status_thin: ["薄弱", "Thin"],
  status_missing: ["缺失", "Missing"],
  gaps: ["缺口与薄弱环节", "Gaps and thin nodes"],
  fillers: ["可补链企业", "Companies that fill it"],
  pickGap: ["在上方图谱或列表中选一个环节", "Pick a node in the map or the list above"],
  noPark: ["此密钥没有关联园区", "This key has no park"],
  stage_identified: ["已识别", "Identified"],
  stage_contacted: ["已接触", "Contacted"],
  stage_visited: ["已考察", "Visited"],
  stage_negotiating: ["洽谈中", "Negotiating"],
  stage_signed: ["已签约", "Signed"],
  stage_landed: ["已落地", "Landed"],
  stage_lost: ["已流失", "Lost"],
  moveTo: ["移至", "Move to"],
  drag: ["拖动（空格键拿起，方向键移动，空格键放下）", "Drag (space to lift, arrows to move, space to drop)"],
  history: ["历史", "History"],
  event_created: ["创建", "Created"],
  event_moved: ["变更阶段", "Moved"],
  event_edited: ["编辑", "Edited"],
  stageSince: ["进入本阶段", "In this stage since"],
  lostReason: ["流失原因", "Lost reason"],
  confirm: ["确定", "OK"],
  cancel: ["取消", "Cancel"],
  lostReasonRequired: ["请填写流失原因", "Give the reason it was lost"],
  company: ["企业", "Company"],
  park: ["园区", "Park"],
  province: ["省份", "Province"],
  results: ["结果", "Results"],
  newSince: ["新结果", "New"],
  noNew: ["没有新结果", "Nothing new"],
  markSeen: ["标记已读", "Mark seen"],
  lastChecked: ["上次查看", "Last looked"],
  run: ["查询", "Run"],
  spaceM2: ["面积（平方米）", "Space (m²)"],
  budget: ["租金预算（元/平方米/月）", "Rent budget (yuan/m²/month)"],
  provinces: ["省份（可多选）", "Provinces"],
  years: ["年限", "Years"],
  fundingStage: ["融资阶段", "Funding stage"],
  industry: ["行业", "Industry"],
  products: ["产品", "Products"],
  zoneType: ["园区类型", "Zone type"],
  leadingIndustries: ["主导产业", "Leading industries"],
  carrier: ["载体", "Carrier"],
  policies: ["政策", "Policies"],
  locationCost: ["区位成本", "Location cost"],
  subsidies: ["补贴", "Subsidies"],
  netCost: ["净成本", "Net cost"],
  compare: ["比较", "Compare"],
  compareHelp: ["勾选两个或以上园区进行比较", "Tick two or more parks to compare"],
  policyDetail: ["政策明细", "Policy detail"],
  eligible_yes: ["符合", "Pass"],
  eligible_no: ["不符合", "Fail"],
  eligible_unknown: ["待核实", "Unknown"],
  conditions: ["条件", "Conditions"],
  outcome_pass: ["满足", "Pass"],
  outcome_fail: ["不满足", "Fail"],
  outcome_unknown: ["待核实", "Unknown"],
  missingToQualify: ["尚缺条件", "Missing to qualify"],
  estimated: ["估算金额（元）", "Estimate (yuan)"],
  totalEligible: ["可享合计（元）", "Eligible total (yuan)"],
  totalPossible: ["可能合计（元，含待核实）", "Possible total (yuan, incl. unknown)"],
  possible: ["可能", "possible"],
  investmentYuan: ["投资额（元）", "Investment (yuan)"],
  revenueYuan: ["营业收入（元/年）", "Revenue (yuan/year)"],
  similar: ["相似企业", "Similar companies"],
  funds: ["基金", "Funds"],
  providers: ["服务机构", "Providers"],
  carriers: ["载体", "Carriers"],
  topTargets: ["重点目标", "Top targets"],
  coordinateQuality: ["坐标质量", "Coordinate quality"],
  quality_checked: ["已核对", "Checked"],
  quality_source: ["来源原值", "As in the source"],
  quality_shared_point: ["与其他园区共用一点", "Shared with other parks"],
  quality_outside_province: ["落在所属省份之外", "Outside its province"],
  quality_unknown: ["未知", "Unknown"],
  mapBoundaryNote: [
    "边界数据仅供开发使用（echarts 4 随附文件）；正式部署须使用经审核的地图（含审图号）。",
    "Boundary for development only (the file shipped with echarts 4); a deployment supplies an approved map (with its approval number).",
  ],
  parksWithCoordinates: ["有坐标的园区", "Parks with coordinates"],
  loading: ["加载中", "Loading"],
  noData: ["暂无数据", "No data"],
  error: ["出错了", "Something went wrong"],
  notFound: ["页面不存在", "No such page"],
  forbiddenPage: ["此角色无权访问该页面", "Your role may not open this page"],
  partMissing: ["部分内容暂不可用", "Part of this is unavailable"],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof MESSAGES;
export type Language = "zh" | "en";

const LANGUAGE_STORAGE = "parkmatch.language";
const I18nContext = createContext<{ language: Language; toggle: () => void }>({ language: "zh", toggle: () => {} });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(() =>
    localStorage.getItem(LANGUAGE_STORAGE) === "en" ? "en" : "zh",
  );
  useEffect(() => {
    document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
  }, [language]);
  const toggle = () => {
    const next = language === "zh" ? "en" : "zh";
    localStorage.setItem(LANGUAGE_STORAGE, next);
    setLanguage(next);
  };
  return <I18nContext.Provider value={{ language, toggle }}>{children}</I18nContext.Provider>;
}

export function translate(language: Language, key: MessageKey): string {
  return MESSAGES[key][language === "zh" ? 0 : 1];
}

export function useI18n() {
  const { language, toggle } = useContext(I18nContext);
  return { language, toggle, t: (key: MessageKey) => translate(language, key) };
}
