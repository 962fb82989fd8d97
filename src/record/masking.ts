// Personal data out of citizens' questions before anything is stored. Patterns accept full-width
// digits and the hyphen look-alikes IMEs produce. Each pattern starts only where a run starts
// (lookbehind) and repeats only bounded parts, so a 5000-character message is scanned in linear time.

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
  address: "［住所］",
  name: "［名前］",
} as const;

/** A number of a street address: digits or kanji numerals (二丁目, 十二番地). */
const NUM = "(?:[0-9０-９]+|[一二三四五六七八九十〇]+)";
const NUM_CHAR = "[0-9０-９一二三四五六七八九十〇]";

/** A name as written in a self-introduction: up to 8 kanji, or up to 12 katakana. */
const NAME = "(?:[\\p{Script=Han}々〆ヶ]{1,8}|[\\p{Script=Katakana}ー・]{2,12})";
/** Where a self-introduction starts: the message or a sentence, a greeting, 私は. */
const NAME_BEFORE =
  "(?<=^|[。．.！!？?、，,\\s　]|(?:私|わたし|わたくし|僕|ぼく)(?:は|、)?|こんにちは|こんばんは|おはようございます|はじめまして|初めまして)";
/** Words that end 「…です。」 at the start of a message without being a name. */
const NOT_A_NAME =
  "(?<!質問|相談|要望|意見|確認|以上|市民|住民|学生|会社員|主婦|初心者|高齢者|事業|計画|施策|本当|大丈夫|不明|心配|残念|以下)";
const INTRODUCED =
  "(?=(?:と申します|ともうします|といいます|と言います|と申す|でございます|です)(?:[。．.！!？?、，,\\s　]|$))";

const PATTERNS: [RegExp, string][] = [
  // 1丁目2番3号, 二丁目, 1123番地, 1123番地の4, 2番3号, 1丁目2-3.
  [
    new RegExp(
      `(?<!${NUM_CHAR})${NUM}(?:丁目(?:${NUM}番地?(?:${NUM}号?)?|${NUM}${H}${NUM}(?:${H}${NUM})?)?|番地(?:(?:の|${H})${NUM}号?)?|番${NUM}号)`,
      "gu",
    ),
    MASKS.address,
  ],
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
  // 「山田です」「山田花子と申します」: the name, not the words around it.
  [new RegExp(`${NAME_BEFORE}${NAME}${NOT_A_NAME}${INTRODUCED}`, "gu"), MASKS.name],
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
