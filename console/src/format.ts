// Numbers as people read them: yuan with thousands separators, "—" when unknown.
export function yuan(value: unknown): string {
  return typeof value === "number" ? `¥${Math.round(value).toLocaleString("zh-CN")}` : "—";
}
