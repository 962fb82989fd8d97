import { describe, expect, it } from "vitest";
import {
  createTokenizerCache,
  getTokenizer,
  type JapaneseTokenizer,
  kuromojiDictionaryPath,
  loadTokenizer,
  type Token,
  TokenizerError,
} from "../../src/nlp/index.js";
import { memoized, TOKENIZE_MEMO_ENTRIES, TOKENIZE_MEMO_MAX_LENGTH } from "../../src/nlp/tokenizer.js";

describe("tokenizer", () => {
  it("shares one instance between concurrent and later callers", async () => {
    const [a, b] = await Promise.all([getTokenizer(), getTokenizer()]);
    expect(a).toBe(b);
    expect(await getTokenizer()).toBe(a);
  });

  it("gives our own tokens: surface, base form, katakana reading, part of speech, offsets", async () => {
    const tokens = (await getTokenizer()).tokenize("防災訓練は始まった");
    expect(tokens.map((t) => t.surface)).toEqual(["防災", "訓練", "は", "始まっ", "た"]);
    expect(tokens[0]).toMatchObject({ reading: "ボウサイ", pos: "noun", start: 0, known: true });
    expect(tokens[2]).toMatchObject({ pos: "particle", start: 4 });
    expect(tokens[3]).toMatchObject({ basicForm: "始まる", pos: "verb" });
  });

  it("leaves unknown words without a reading", async () => {
    const [token] = (await getTokenizer()).tokenize("ファシリテーション");
    expect(token).toMatchObject({ surface: "ファシリテーション", reading: null, known: false });
  });

  it("resolves the dictionary inside node_modules, absolutely", () => {
    expect(kuromojiDictionaryPath()).toMatch(/node_modules[/\\]kuromoji[/\\]dict$/);
  });

  it("wraps a failed load with a code and cause, and retries after it", async () => {
    let dicPath = "/nonexistent/kuromoji/dict";
    let loads = 0;
    const cache = createTokenizerCache(() => {
      loads += 1;
      return loadTokenizer({ dicPath });
    });
    const failed = await cache.get().catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(TokenizerError);
    expect(failed).toMatchObject({ code: "TOKENIZER_LOAD_FAILED" });
    expect((failed as TokenizerError).cause).toBeInstanceOf(Error);

    dicPath = kuromojiDictionaryPath();
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    expect(a).toBe(b);
    expect(loads).toBe(2);
    expect((a as JapaneseTokenizer).tokenize("市民").map((t) => t.reading)).toEqual(["シミン"]);
  });

  it("tokenizes a short text once while it is among the last ones, and shares frozen tokens", async () => {
    const real = await getTokenizer();
    const asked: string[] = [];
    const tokenizer = memoized({
      tokenize(text) {
        asked.push(text);
        return real.tokenize(text);
      },
    });
    const first = tokenizer.tokenize("教えてください");
    expect(tokenizer.tokenize("教えてください")).toBe(first);
    expect(asked).toEqual(["教えてください"]);
    expect(Object.isFrozen(first) && first.every((token: Token) => Object.isFrozen(token))).toBe(true);
    expect(first).toEqual(real.tokenize("教えてください"));

    const long = "市".repeat(TOKENIZE_MEMO_MAX_LENGTH + 1);
    tokenizer.tokenize(long);
    tokenizer.tokenize(long);
    expect(asked.filter((text) => text === long)).toHaveLength(2);

    for (let i = 0; i < TOKENIZE_MEMO_ENTRIES; i++) tokenizer.tokenize(`質問${i}`);
    tokenizer.tokenize("教えてください");
    expect(asked.filter((text) => text === "教えてください")).toHaveLength(2);
  });
});
