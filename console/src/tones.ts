// Tag and status colours dark enough for white text at 4.5:1 (WCAG AA); antd's light preset tags
// (orange, gold on tinted backgrounds) are not.
export const TONE = {
  positive: "#237804",
  caution: "#ad4e00",
  negative: "#a8071a",
  info: "#0958d9",
  action: "#531dab",
} as const;
