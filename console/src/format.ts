// Numbers as people read them: yuan and areas with thousands separators, "—" when unknown.
export function yuan(value: unknown): string {
  return typeof value === "number" ? `¥${Math.round(value).toLocaleString("zh-CN")}` : "—";
}

export function area(value: unknown): string {
  return typeof value === "number" ? `${Math.round(value).toLocaleString("zh-CN")} m²` : "—";
}
