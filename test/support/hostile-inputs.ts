// Legal but hostile questions: LINE allows 5,000 UTF-16 units in a text message.
export const LINE_TEXT_MAX = 5000;

const repeat = (unit: string, length = LINE_TEXT_MAX) =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Name → text; every text is at most LINE_TEXT_MAX units long. */
export const HOSTILE_QUESTIONS: Readonly<Record<string, string>> = {
  "one hiragana": repeat("あ"),
  "one katakana": repeat("カ"),
  "one kanji": repeat("防"),
  "alternating hiragana": repeat("あい"),
  "kana spelling of a plan word": repeat("ぼうさいくんれん"),
  "noun compound run": repeat("防災訓練市民活動推進"),
  kanji: repeat("市民参加協働防災訓練景観写真展"),
  "digits and years": repeat("平成27年度2015年令和元年"),
  digits: repeat("1234567890"),
  latin: repeat("abc "),
  emoji: repeat("😀"),
  "control characters": repeat("\u0000\u0001\u0007\u001b防災"),
  "lone surrogates": repeat("\uD83D防災\uDE00"),
  "status words": repeat("実施されていない未実施まだ"),
  "polite endings": repeat("ですか"),
  "wave dashes and hyphens": repeat("～-ー‐"),
  "NFKC expanding": repeat("㍻"),
};
