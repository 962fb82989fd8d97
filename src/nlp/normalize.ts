// Text normalization shared by indexing and question analysis: both sides must see the same characters.

const HYPHEN = /[\u2010-\u2015\u2212\uFF0D\u30FC-]/;
const WAVE_DASHES = /[~\u301C\u3030\uFF5E]/g;
const KANA_BEFORE = /[\u3041-\u3096\u30A1-\u30FA\u30FC]/;
const PUNCTUATION = /[\p{P}\p{S}\s]+/gu;
const KEEP_IN_TEXT = /[～ー]/;

/**
 * NFKC (half-width カナ → full-width, full-width letters and digits → ASCII), one wave dash (～),
 * dashes after kana as the long vowel mark (ホ-ム → ホーム), other dashes as "-", Latin lower case.
 */
export function normalizeText(text: string): string {
  const nfkc = text.normalize("NFKC").replace(WAVE_DASHES, "～");
  // One pass, looking back at the previous character kept (reading the growing string would flatten it).
  let out = "";
  let previous = "";
  for (let i = 0; i < nfkc.length; i++) {
    const ch = nfkc.charAt(i);
    const kept = HYPHEN.test(ch) ? (KANA_BEFORE.test(previous) ? "ー" : "-") : ch;
    out += kept;
    previous = kept;
  }
  return out.toLowerCase();
}

/** Punctuation and symbols become single spaces (wave dash and long vowel mark stay), trimmed. */
export function stripPunctuation(text: string): string {
  return text
    .replace(PUNCTUATION, (run) => (run.length === 1 && KEEP_IN_TEXT.test(run) ? run : " "))
    .replace(/ {2,}/g, " ")
    .trim();
}

/** normalizeText + stripPunctuation: the form both the index and the analyzer compare. */
export function normalizeForSearch(text: string): string {
  return stripPunctuation(normalizeText(text));
}

const HIRAGANA_START = 0x3041;
const HIRAGANA_END = 0x3096;
const KANA_OFFSET = 0x60;

export function toKatakana(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    out += code >= HIRAGANA_START && code <= HIRAGANA_END ? String.fromCodePoint(code + KANA_OFFSET) : ch;
  }
  return out;
}

export function toHiragana(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const shifted = code - KANA_OFFSET;
    out += shifted >= HIRAGANA_START && shifted <= HIRAGANA_END ? String.fromCodePoint(shifted) : ch;
  }
  return out;
}

export function isHiragana(text: string): boolean {
  return /^[\u3041-\u3096ー]+$/.test(text);
}

export function isKatakana(text: string): boolean {
  return /^[\u30A1-\u30FAー]+$/.test(text);
}

export function isKana(text: string): boolean {
  return /^[\u3041-\u3096\u30A1-\u30FAー]+$/.test(text);
}

export function hasKanji(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/** Character bigrams, spaces ignored: a likeness measure for words kuromoji does not know. */
export function characterBigrams(text: string): Set<string> {
  const compact = text.replace(/ /g, "");
  const set = new Set<string>();
  for (let i = 0; i + 1 < compact.length; i++) set.add(compact.slice(i, i + 2));
  return set;
}

/** Readings compare equal whatever the kana script: ぼうさい = ボウサイ. */
export function sameReading(a: string, b: string): boolean {
  return toKatakana(a) === toKatakana(b);
}

const POLITE_ENDINGS = /(?:でしょうか|ください|下さい|お願いします|おねがいします|かな|よね|ね|よ|か|です)$/;
const PLAIN_FORMS: [RegExp, string][] = [
  [/ませんでした$/, "なかった"],
  [/ました$/, "た"],
  [/ません$/, "ない"],
  [/います$/, "いる"],
  [/します$/, "する"],
  [/ります$/, "る"],
  [/きます$/, "く"],
  [/ぎます$/, "ぐ"],
  [/みます$/, "む"],
  [/ます$/, "る"],
];

/**
 * Drops polite sentence endings and turns polite verb endings plain, for intent patterns:
 * 実施されましたか → 実施された, していますか → している, ありますか → ある.
 */
export function stripPoliteEndings(text: string): string {
  let out = stripPunctuation(text);
  for (let previous = ""; previous !== out; ) {
    previous = out;
    out = out.replace(POLITE_ENDINGS, "").trim();
  }
  const plain = PLAIN_FORMS.find(([pattern]) => pattern.test(out));
  return plain ? out.replace(plain[0], plain[1]) : out;
}
