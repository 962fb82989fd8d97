// Phone typing → the written form: 「ぼうさい くんれん は じっし されましたか」 (voice input, spaced
// hiragana) and 「ボウサイクンレン ハ ヤッテル」 (katakana only) become 「防災訓練は実施されましたか」,
// so they reach the same analysis as the written question. Whole phrases are read, across the
// spaces voice input puts between words, through the readings of the plan's words.
import { hasKanji, isHiragana, toHiragana, toKatakana } from "./normalize.js";
import type { JapaneseTokenizer, Token } from "./tokenizer.js";

/** Question words the plan itself never writes, by reading: a count, a share, the whole plan. */
const QUESTION_WORDS: Record<string, string> = {
  ミジッシ: "未実施",
  ジッシズミ: "実施済み",
  ナンケン: "何件",
  ナンコ: "何個",
  ナンワリ: "何割",
  ワリアイ: "割合",
  ナンパーセント: "何パーセント",
  ゼンタイ: "全体",
  タントウカ: "担当課",
  イチラン: "一覧",
};
/** Shorter readings are too often a particle and a word's first kana (は|いち). */
const MIN_PHRASE_READING = 3;
const KANA = /[\u3041-\u3096\u30A1-\u30FA]/;
const HIRAGANA = /[\u3041-\u3096]/;

export interface PhoneTyping {
  /** The text with its kana phrases written as the plan writes them; text with kanji is left alone. */
  written(text: string): string;
}

function isSpace(token: Token): boolean {
  return token.surface.trim().length === 0;
}

export function createPhoneTyping(
  tokenizer: JapaneseTokenizer,
  planReadings: ReadonlyMap<string, readonly string[]>,
): PhoneTyping {
  const writtenAs = new Map<string, string>(Object.entries(QUESTION_WORDS));
  let longest = 0;
  for (const [reading, words] of planReadings) {
    // A reading two words share (ホケン: 保健, 保険) stays kana: the word analysis keeps both.
    if (reading.length >= MIN_PHRASE_READING && words.length === 1 && words[0] && !writtenAs.has(reading))
      writtenAs.set(reading, words[0]);
  }
  for (const reading of writtenAs.keys()) longest = Math.max(longest, reading.length);

  /** The longest run of kana tokens from `index` (spaces between them skipped) read as one word. */
  function phraseAt(tokens: readonly Token[], index: number): { word: string; last: number } | null {
    let reading = "";
    let found: { word: string; last: number } | null = null;
    for (let j = index; j < tokens.length; j++) {
      const token = tokens[j] as Token;
      if (isSpace(token)) {
        if (j === index) return null;
        continue;
      }
      if (!isHiragana(token.surface)) break;
      reading += toKatakana(token.surface);
      if (reading.length > longest) break;
      const word = writtenAs.get(reading);
      if (word && reading.length >= MIN_PHRASE_READING) found = { word, last: j };
    }
    return found;
  }

  /**
   * Katakana only (「ケイカンシャシンテンハヤッタ」): kuromoji cannot split it, so the longest reading
   * at each position is taken, and what no reading covers is read as hiragana. O(length × longest).
   */
  function writtenKatakana(text: string): string {
    const compact = text.replace(/\s+/g, "");
    let out = "";
    for (let i = 0; i < compact.length; ) {
      let length = Math.min(longest, compact.length - i);
      for (; length >= MIN_PHRASE_READING; length--) if (writtenAs.has(compact.slice(i, i + length))) break;
      if (length >= MIN_PHRASE_READING) {
        out += writtenAs.get(compact.slice(i, i + length));
        i += length;
      } else out += toHiragana(compact.charAt(i++));
    }
    return out;
  }

  return {
    written(text) {
      if (hasKanji(text) || !KANA.test(text)) return text;
      if (!HIRAGANA.test(text)) return writtenKatakana(text);
      // The spaces go: they only separated words.
      const tokens = tokenizer.tokenize(text);
      let out = "";
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i] as Token;
        const phrase = phraseAt(tokens, i);
        if (phrase) {
          out += phrase.word;
          i = phrase.last;
        } else if (!isSpace(token)) out += token.surface;
      }
      return out;
    },
  };
}
