// Content words and noun compounds of a text, the unit both the index and the analyzer work with.
import { isHiragana, isKana, normalizeText, toKatakana } from "./normalize.js";
import type { JapaneseTokenizer, PartOfSpeech, Token } from "./tokenizer.js";

export interface Word {
  surface: string;
  basicForm: string;
  /** Katakana. Kana words read as themselves; null for Latin, digits and unknown words. */
  reading: string | null;
  pos: PartOfSpeech;
  /** A run of nouns written together (防災リアル訓練) lists the content words inside it. */
  parts: Word[];
  /**
   * Shorter compounds written inside a compound: 白井市市民活動推進委員会 holds 市民活動推進委員会 and
   * 市民活動. The index keeps them so a question's compound finds the longer one the plan wrote.
   */
  inner?: string[];
  start: number;
  end: number;
  /** Kept whole from a dictionary (なし坊) or read from a kana spelling (ぼうさいくんれん). */
  fromDictionary: boolean;
}

export interface WordDictionary {
  /** Words to keep whole where kuromoji splits them (なし坊, 着ぐるみ); matched on token boundaries. */
  userWords?: Iterable<string>;
  /** Katakana reading → written words. Hiragana spans reading like one become it (ぼうさいくんれん → 防災訓練). */
  readings?: ReadonlyMap<string, readonly string[]>;
  /** Longest inner compound kept, in characters (default MAX_INNER_LENGTH): bounds the work per run. */
  maxInnerLength?: number;
}

export interface ExtractedText {
  normalized: string;
  /** kuromoji's tokens, with dictionary words merged into one token each. */
  tokens: Token[];
  words: Word[];
}

export interface WordExtractor {
  extract(text: string): ExtractedText;
}

const NON_CONTENT_NOUNS = new Set(["非自立", "代名詞", "数", "特殊", "接尾", "副詞可能"]);
const NON_JOINING_NOUNS = new Set(["非自立", "代名詞", "特殊"]);
/** Suffixes that only say "for"/"etc." and would make a compound nobody else writes: 職員向け → 職員. */
const LOOSE_SUFFIXES = new Set(["向け", "等", "など", "的", "用", "達", "たち", "さん", "様", "ごと", "毎"]);
const MIN_READING_MATCH = 3;
/** Shorter inner compounds say too little to be worth indexing. */
const MIN_INNER_LENGTH = 3;
/**
 * Longer inner compounds are not kept: a citizen's compound is shorter than this, and the cap keeps
 * the work per run of nouns linear in its length (a 5,000-character run would otherwise be cubic).
 */
export const MAX_INNER_LENGTH = 24;
/** Verbs that carry only grammar (実施する, している). */
const FUNCTION_VERBS = new Set([
  "する",
  "いる",
  "ある",
  "なる",
  "れる",
  "られる",
  "できる",
  "おる",
  "くる",
  "いく",
  "せる",
]);

function joins(token: Token): boolean {
  if (token.pos === "noun") return !NON_JOINING_NOUNS.has(token.posDetail);
  return token.pos === "prefix";
}

function isContent(token: Token): boolean {
  if (token.pos === "noun") return !NON_CONTENT_NOUNS.has(token.posDetail) || !token.known;
  if (token.pos === "verb") return token.posDetail === "自立" && !FUNCTION_VERBS.has(token.basicForm);
  return token.pos === "adjective" && token.posDetail === "自立";
}

function readingOf(token: Token): string | null {
  if (token.reading) return token.reading;
  return isKana(token.surface) ? toKatakana(token.surface) : null;
}

/** The kuromoji tokens a dictionary word was merged from, to index its parts (防災訓練 → 防災, 訓練). */
type Pieces = ReadonlyMap<Token, Token[]>;

function toWord(token: Token, pieces: Pieces): Word {
  const inflected = token.pos === "verb" || token.pos === "adjective";
  const surface = inflected ? token.basicForm : token.surface;
  const parts = (pieces.get(token) ?? []).filter(isContent);
  return {
    surface,
    basicForm: token.basicForm,
    reading: inflected ? (isKana(surface) ? toKatakana(surface) : null) : readingOf(token),
    pos: token.pos,
    parts: parts.length > 1 ? parts.map((part) => toWord(part, pieces)) : [],
    start: token.start,
    end: token.start + token.surface.length,
    fromDictionary: token.posDetail === DICTIONARY_DETAIL,
  };
}

/**
 * Contiguous runs of two tokens or more inside a compound, the whole excepted, with content in them,
 * up to maxLength characters: O(run length × maxLength).
 */
function innerCompounds(run: Token[], maxLength: number): string[] {
  const inner = new Set<string>();
  for (let from = 0; from < run.length; from++) {
    let text = (run[from] as Token).surface;
    let content = isContent(run[from] as Token);
    for (let to = from + 1; to < run.length; to++) {
      const token = run[to] as Token;
      text += token.surface;
      if (text.length > maxLength) break;
      content ||= isContent(token);
      if (from === 0 && to === run.length - 1) continue;
      if (text.length >= MIN_INNER_LENGTH && content) inner.add(text);
    }
  }
  return [...inner];
}

function compoundOf(run: Token[], pieces: Pieces, maxInnerLength: number): Word {
  const surface = run.map((t) => t.surface).join("");
  const readings = run.map(readingOf);
  const first = run[0];
  const last = run[run.length - 1];
  return {
    surface,
    basicForm: surface,
    reading: readings.every((r) => r !== null) ? readings.join("") : null,
    pos: "noun",
    parts: run.filter(isContent).map((token) => toWord(token, pieces)),
    inner: innerCompounds(run, maxInnerLength),
    start: first ? first.start : 0,
    end: last ? last.start + last.surface.length : 0,
    fromDictionary: false,
  };
}

const DICTIONARY_DETAIL = "辞書";

function dictionaryToken(surface: string, reading: string | null, start: number): Token {
  return {
    surface,
    basicForm: surface,
    reading,
    pos: "noun",
    posDetail: DICTIONARY_DETAIL,
    start,
    known: true,
  };
}

function groupByFirstChar(words: Iterable<string>): Map<string, string[]> {
  const byFirst = new Map<string, string[]>();
  for (const raw of words) {
    const word = normalizeText(raw);
    if (word.length < 2) continue;
    const first = word.charAt(0);
    const list = byFirst.get(first) ?? [];
    if (!list.includes(word)) list.push(word);
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  return byFirst;
}

const LATIN = /[a-z0-9]/;

function userWordAt(text: string, position: number, userWords: Map<string, string[]>): string | null {
  for (const word of userWords.get(text.charAt(position)) ?? []) {
    if (!text.startsWith(word, position)) continue;
    // Latin words only as whole words: "pr" is not inside "april".
    const latin = LATIN.test(word.charAt(0));
    if (latin && (LATIN.test(text.charAt(position - 1)) || LATIN.test(text.charAt(position + word.length))))
      continue;
    return word;
  }
  return null;
}

function shifted(tokens: readonly Token[], offset: number): Token[] {
  return tokens.map((t) => ({ ...t, start: t.start + offset }));
}

/**
 * Tokenizes with dictionary words kept whole, as a user dictionary would: each dictionary word
 * becomes one token, the text between them goes to kuromoji.
 */
function tokenizeWithUserWords(
  tokenizer: JapaneseTokenizer,
  text: string,
  userWords: Map<string, string[]>,
  piecesOfWord: (word: string) => readonly Token[],
): { tokens: Token[]; pieces: Map<Token, Token[]> } {
  const tokens: Token[] = [];
  const pieces = new Map<Token, Token[]>();
  let gapStart = 0;
  const flushGap = (end: number) => {
    if (end > gapStart) tokens.push(...shifted(tokenizer.tokenize(text.slice(gapStart, end)), gapStart));
  };
  for (let position = 0; position < text.length; ) {
    const word = userWordAt(text, position, userWords);
    if (!word) {
      position++;
      continue;
    }
    flushGap(position);
    const inside = shifted(piecesOfWord(word), position);
    const readings = inside.map(readingOf);
    const token = dictionaryToken(
      word,
      readings.every((r) => r !== null) ? readings.join("") : null,
      position,
    );
    tokens.push(token);
    pieces.set(token, inside);
    position += word.length;
    gapStart = position;
  }
  flushGap(text.length);
  return { tokens, pieces };
}

interface Merge {
  token: Token;
  lastIndex: number;
}

/** Hiragana spans that read like a plan word become one token (ぼう|さい|くん|れん → ぼうさいくんれん). */
function mergeKanaSpellings(tokens: Token[], readings: Readings | undefined): Token[] {
  if (!readings) return tokens;
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const merged = readingWordAt(tokens, i, readings);
    out.push(merged ? merged.token : (tokens[i] as Token));
    if (merged) i = merged.lastIndex;
  }
  return out;
}

/** The readings the plan's words have, and the longest of them: no span read is ever longer. */
interface Readings {
  words: ReadonlyMap<string, readonly string[]>;
  longest: number;
}

function readingsOf(words: ReadonlyMap<string, readonly string[]> | undefined): Readings | undefined {
  if (!words) return undefined;
  let longest = 0;
  for (const reading of words.keys()) longest = Math.max(longest, reading.length);
  return { words, longest };
}

function readingWordAt(tokens: Token[], index: number, readings: Readings): Merge | null {
  let spelled = "";
  let reading = "";
  let best: Merge | null = null;
  for (let j = index; j < tokens.length; j++) {
    const t = tokens[j] as Token;
    if (!isHiragana(t.surface)) break;
    spelled += t.surface;
    if (spelled.length > readings.longest) break;
    reading += toKatakana(t.surface);
    // One token alone only when it could be a word (ほけん is read as a verb), never a particle.
    if (j === index && t.pos !== "noun" && !isContent(t)) continue;
    if (spelled.length >= MIN_READING_MATCH && readings.words.has(reading)) {
      best = { token: dictionaryToken(spelled, reading, (tokens[index] as Token).start), lastIndex: j };
    }
  }
  return best;
}

function wordsOf(tokens: Token[], pieces: Pieces, maxInnerLength: number): Word[] {
  const words: Word[] = [];
  let run: Token[] = [];
  const flush = () => {
    while (run.length > 1 && LOOSE_SUFFIXES.has((run[run.length - 1] as Token).surface)) run.pop();
    // A run with no content word (何件, 第13回) is not a word either.
    if (run.length > 1 && run.some(isContent)) words.push(compoundOf(run, pieces, maxInnerLength));
    else if (run[0] && isContent(run[0])) words.push(toWord(run[0], pieces));
    run = [];
  };
  for (const token of tokens) {
    if (joins(token)) {
      run.push(token);
      continue;
    }
    flush();
    if (isContent(token)) words.push(toWord(token, pieces));
  }
  flush();
  return words;
}

export function createWordExtractor(
  tokenizer: JapaneseTokenizer,
  dictionary: WordDictionary = {},
): WordExtractor {
  const userWords = groupByFirstChar(dictionary.userWords ?? []);
  const readings = readingsOf(dictionary.readings);
  const maxInnerLength = dictionary.maxInnerLength ?? MAX_INNER_LENGTH;
  // A dictionary word's kuromoji pieces never change: each is tokenized once per extractor (edition),
  // and the memo cannot outgrow the dictionary.
  const wordPieces = new Map<string, readonly Token[]>();
  const piecesOfWord = (word: string): readonly Token[] => {
    let pieces = wordPieces.get(word);
    if (!pieces) {
      pieces = tokenizer.tokenize(word);
      wordPieces.set(word, pieces);
    }
    return pieces;
  };
  return {
    extract(text) {
      const normalized = normalizeText(text);
      const split = tokenizeWithUserWords(tokenizer, normalized, userWords, piecesOfWord);
      const tokens = mergeKanaSpellings(split.tokens, readings);
      return { normalized, tokens, words: wordsOf(tokens, split.pieces, maxInnerLength) };
    },
  };
}

/**
 * The words of a text as index tokens: each word's surface, base form and katakana reading, and each
 * compound whole (with its reading) followed by its parts. Both backends index these.
 */
export function indexTokensOf(words: readonly Word[]): string[] {
  const out: string[] = [];
  const add = (word: Word) => {
    out.push(word.surface);
    if (word.basicForm !== word.surface) out.push(word.basicForm);
    if (word.reading && word.reading !== word.surface) out.push(word.reading);
    for (const part of word.parts) add(part);
    for (const inner of word.inner ?? []) out.push(inner);
  };
  for (const word of words) add(word);
  return out;
}
