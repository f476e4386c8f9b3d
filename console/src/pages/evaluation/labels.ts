// Words for the evaluation's codes (zone types, approval levels, area bands, indicator names): shown
// in the reader's language when the console knows them (the messages `code_...`), as they came otherwise.
import { MESSAGES, type MessageKey } from "../../i18n";

type Translate = (key: MessageKey) => string;

export function codeLabel(code: string, t: Translate): string {
  const key = `code_${code.replaceAll(" ", "_")}`;
  return key in MESSAGES ? t(key as MessageKey) : code;
}

/** "high_tech / national / large" (zone type / approval level / area tercile, or fewer, or "all parks"). */
export const peerGroupLabel = (group: string, t: Translate): string =>
  group.split(" / ").map((code) => codeLabel(code, t)).join(" / ");
