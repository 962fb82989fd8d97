// Personal data out of citizens' questions before anything is stored. Patterns accept full-width
// digits and the hyphen look-alikes IMEs produce. Each pattern starts only where a run starts
// (lookbehind), so a 5000-character message is scanned in linear time.

const D = "[0-9０-９]";
/** Hyphens, dashes, minus signs and the long-vowel mark typed for a hyphen (ー, ｰ). */
const H = "[-‐‑‒–—―−－ーｰ]";
const SEP = `(?:${H}|[ 　])`;
const WORD = "[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]";

export const MASKS = {
  email: "［メール］",
  postalCode: "［郵便番号］",
  phone: "［電話番号］",
  digits: "［数字］",
} as const;

const PATTERNS: [RegExp, string][] = [
  [
    new RegExp(
      `(?<![A-Za-z0-9._%+Ａ-Ｚａ-ｚ０-９．＿－-])${WORD}[A-Za-z0-9._%+Ａ-Ｚａ-ｚ０-９．＿－-]*[@＠]${WORD}[A-Za-z0-9Ａ-Ｚａ-ｚ０-９－-]*(?:[.．]${WORD}[A-Za-z0-9Ａ-Ｚａ-ｚ０-９－-]*)+`,
      "gu",
    ),
    MASKS.email,
  ],
  [new RegExp(`〒\\s*${D}{3}${H}?${D}{4}(?!${D})`, "gu"), MASKS.postalCode],
  // 047-492-1111, (047)492-1111, ０９０ー１２３４ー５６７８, +81 90 1234 5678.
  [
    new RegExp(
      `(?<!${D})(?:(?:\\+|＋)(?:81|８１)${SEP}?${D}{1,4}|[(（]?[0０]${D}{0,4}[)）]?)${SEP}?${D}{1,4}${SEP}${D}{3,4}(?!${D})`,
      "gu",
    ),
    MASKS.phone,
  ],
  // A bare postal code: 270-1492.
  [new RegExp(`(?<!${D}|${H})${D}{3}${H}${D}{4}(?!${D}|${H})`, "gu"), MASKS.postalCode],
  // Other numbers: 7 or more digits in a row, or 3 or more groups (1234-5678-9012, 1234 5678 9012).
  // Two groups stay: 2015-2017 is a span of years.
  [new RegExp(`(?<!${D})(?:${D}{7,}|${D}+(?:${SEP}${D}+){2,})(?!${D})`, "gu"), MASKS.digits],
];

/** The text with e-mail addresses, postal codes, phone numbers and long digit runs replaced. */
export function maskPersonalData(text: string): string {
  let masked = text;
  for (const [pattern, mask] of PATTERNS) masked = masked.replace(pattern, mask);
  return masked;
}

/** The grouping key of a masked question: width and case folded, spaces and punctuation gone. */
export function normalizeQuestion(masked: string): string {
  return masked
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}
