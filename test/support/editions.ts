// Later editions of the progress list, made from the seed, as staff would publish them.
import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { SEED_PATH } from "./seed.js";

export const NEW_PROJECT =
  "②市民向けオープンデータポータルの公開\t企画政策課\t・オープンデータポータルを公開(令和2年度)【企画政策課】";

/** The seed as next year's edition: a new project, 未実施 → 実施あり, 令和 years. */
export function nextEdition(): string {
  const lines = readFileSync(SEED_PATH, "utf8").split("\n");
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith("①景観意識を醸成するための景観写真展の開催")) {
      out.push(
        "①景観意識を醸成するための景観写真展の開催\t都市計画課\t・景観写真展を開催(平成30年度～令和元年度)【都市計画課】",
      );
      continue;
    }
    out.push(line.replace("平成30年7月", "令和2年7月"));
    if (line.startsWith("①「情報提供施策の推進に関する基本方針」")) out.push(NEW_PROJECT);
  }
  return out.join("\r\n");
}

/** As an office PC saves it: Shift_JIS (CP932). */
export function officeBytes(text: string): Buffer {
  return iconv.encode(text, "cp932");
}
