/** Small text helpers shared by the parser modules. NFKC is for matching only, never for display. */

export function nfkc(text: string): string {
  return text.normalize("NFKC");
}

/** NFKC without any whitespace: the key used to compare labels such as column headers. */
export function matchKey(text: string): string {
  return nfkc(text).replace(/\s+/g, "");
}

/** Digits in any width → number. */
export function toNumber(digits: string): number {
  return Number.parseInt(nfkc(digits), 10);
}

const CIRCLED_RANGES: ReadonlyArray<readonly [first: number, last: number, value: number]> = [
  [0x2460, 0x2473, 1], // ①-⑳
  [0x24ea, 0x24ea, 0], // ⓪
  [0x24eb, 0x24f4, 11], // ⓫-⓴
  [0x2776, 0x277f, 1], // ❶-❿
  [0x2780, 0x2789, 1], // ➀-➉
  [0x278a, 0x2793, 1], // ➊-➓
  [0x3251, 0x325f, 21], // ㉑-㉟
  [0x32b1, 0x32bf, 36], // ㊱-㊿
];

/** ① → 1, ㉑ → 21; null when the character is not a circled number. */
export function circledNumber(char: string): number | null {
  const code = char.codePointAt(0);
  if (code === undefined) return null;
  for (const [first, last, value] of CIRCLED_RANGES) {
    if (code >= first && code <= last) return value + code - first;
  }
  return null;
}
