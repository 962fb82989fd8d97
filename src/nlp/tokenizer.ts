// The only importer of kuromoji (with kuromoji-dictionary.ts, its loader). One dictionary load per
// process, shared by indexing and analysis.
import { createRequire } from "node:module";
import path from "node:path";
import type { IpadicFeatures } from "kuromoji";
import { type KuromojiTokenizer, loadKuromojiTokenizer } from "./kuromoji-dictionary.js";
import { safeForTokenizer } from "./safe-text.js";

export type PartOfSpeech =
  | "noun"
  | "verb"
  | "adjective"
  | "adverb"
  | "particle"
  | "auxiliary"
  | "prefix"
  | "conjunction"
  | "symbol"
  | "other";

/** One morpheme, independent of kuromoji's types. */
export interface Token {
  surface: string;
  /** Dictionary form (始まっ → 始まる); the surface for unknown words. */
  basicForm: string;
  /** Katakana reading; null for unknown words (Latin, new katakana words, numbers). */
  reading: string | null;
  pos: PartOfSpeech;
  /** IPADIC's first detail: 一般, サ変接続, 固有名詞, 接尾, 非自立, 代名詞, 数, 自立, … ("" when none). */
  posDetail: string;
  /** 0-based offset of the surface in the tokenized text. */
  start: number;
  known: boolean;
}

export interface JapaneseTokenizer {
  tokenize(text: string): Token[];
}

export type TokenizerErrorCode = "TOKENIZER_LOAD_FAILED" | "TOKENIZE_FAILED";

export class TokenizerError extends Error {
  override readonly name = "TokenizerError";
  readonly code: TokenizerErrorCode;

  constructor(code: TokenizerErrorCode, message: string, options: { cause: unknown }) {
    super(message, options);
    this.code = code;
  }
}

const POS: Record<string, PartOfSpeech> = {
  名詞: "noun",
  動詞: "verb",
  形容詞: "adjective",
  副詞: "adverb",
  連体詞: "adverb",
  助詞: "particle",
  助動詞: "auxiliary",
  接頭詞: "prefix",
  接続詞: "conjunction",
  記号: "symbol",
};

/** kuromoji's IPADIC directory inside node_modules, absolute, whatever the working directory. */
export function kuromojiDictionaryPath(): string {
  const packageJson = createRequire(import.meta.url).resolve("kuromoji/package.json");
  return path.join(path.dirname(packageJson), "dict");
}

function toToken(features: IpadicFeatures): Token {
  const detail = features.pos_detail_1;
  return {
    surface: features.surface_form,
    basicForm: features.basic_form === "*" ? features.surface_form : features.basic_form,
    reading: features.reading && features.reading !== "*" ? features.reading : null,
    pos: POS[features.pos] ?? "other",
    posDetail: detail === "*" ? "" : detail,
    start: features.word_position - 1,
    known: features.word_type === "KNOWN",
  };
}

/**
 * kuromoji groups a run of unknown characters (カカカ…) by trying every length: quadratic in the
 * run. Texts are tokenized in pieces of at most this many characters, cut at a space or a
 * punctuation mark where one is near, so the work stays linear in the text's length.
 */
export const MAX_TOKENIZED_PIECE = 256;
const PIECE_BREAK = /[\s。、．，！？!?,.]/u;

/** Where to end the piece that starts at `from`: after the last break in its second half, else at the cap. */
function pieceEnd(text: string, from: number): number {
  const cap = from + MAX_TOKENIZED_PIECE;
  if (cap >= text.length) return text.length;
  for (let i = cap - 1; i > from + MAX_TOKENIZED_PIECE / 2; i--) {
    if (PIECE_BREAK.test(text.charAt(i))) return i + 1;
  }
  const last = text.charCodeAt(cap - 1);
  return last >= 0xd800 && last <= 0xdbff ? cap - 1 : cap;
}

function tokenizeInPieces(tokenize: (piece: string) => IpadicFeatures[], text: string): Token[] {
  if (text.length <= MAX_TOKENIZED_PIECE) return tokenize(text).map(toToken);
  const tokens: Token[] = [];
  for (let from = 0; from < text.length; ) {
    const end = pieceEnd(text, from);
    for (const features of tokenize(text.slice(from, end))) {
      const token = toToken(features);
      token.start += from;
      tokens.push(token);
    }
    from = end;
  }
  return tokens;
}

/** Loads a fresh tokenizer (a full dictionary load: prefer getTokenizer()). */
export async function loadTokenizer(options: { dicPath?: string } = {}): Promise<JapaneseTokenizer> {
  const dicPath = options.dicPath ?? kuromojiDictionaryPath();
  let tokenizer: KuromojiTokenizer;
  try {
    tokenizer = await loadKuromojiTokenizer(dicPath);
  } catch (cause) {
    throw new TokenizerError("TOKENIZER_LOAD_FAILED", `kuromoji dictionary failed to load from ${dicPath}`, {
      cause,
    });
  }
  return memoized({
    tokenize(text) {
      try {
        return tokenizeInPieces((piece) => tokenizer.tokenize(piece), safeForTokenizer(text));
      } catch (cause) {
        throw new TokenizerError("TOKENIZE_FAILED", "kuromoji failed to tokenize", { cause });
      }
    },
  });
}

/** Texts remembered; only short ones (the pieces questions are made of), so the memo stays small. */
export const TOKENIZE_MEMO_ENTRIES = 4096;
export const TOKENIZE_MEMO_MAX_LENGTH = 64;

/**
 * The steps of one question (its analysis, its topics, each topic's analysis) and the questions of
 * many citizens tokenize the same short texts again and again: 「の」「教えてください」, a topic
 * cut from the question. Each is tokenized once while it is among the last TOKENIZE_MEMO_ENTRIES;
 * the tokens handed out are frozen, as every caller shares them.
 */
export function memoized(inner: JapaneseTokenizer): JapaneseTokenizer {
  const memo = new Map<string, Token[]>();
  return {
    tokenize(text) {
      if (text.length > TOKENIZE_MEMO_MAX_LENGTH) return inner.tokenize(text);
      let tokens = memo.get(text);
      if (tokens) {
        // Most recently used last: the oldest is the first the bound drops.
        memo.delete(text);
      } else {
        tokens = Object.freeze(inner.tokenize(text).map((token) => Object.freeze(token))) as Token[];
        if (memo.size >= TOKENIZE_MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
      }
      memo.set(text, tokens);
      return tokens;
    },
  };
}

export interface TokenizerCache {
  /** Concurrent callers share one load; a failed load is forgotten so the next call retries. */
  get(): Promise<JapaneseTokenizer>;
  reset(): void;
}

export function createTokenizerCache(load: () => Promise<JapaneseTokenizer>): TokenizerCache {
  let pending: Promise<JapaneseTokenizer> | null = null;
  return {
    get() {
      if (!pending) {
        const attempt = load();
        pending = attempt;
        attempt.catch(() => {
          if (pending === attempt) pending = null;
        });
      }
      return pending;
    },
    reset() {
      pending = null;
    },
  };
}

const shared = createTokenizerCache(() => loadTokenizer());

/** The process-wide tokenizer, loaded on first use. */
export function getTokenizer(): Promise<JapaneseTokenizer> {
  return shared.get();
}

export function resetTokenizerForTests(): void {
  shared.reset();
}
