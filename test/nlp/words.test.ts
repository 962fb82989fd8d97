import { beforeAll, describe, expect, it } from "vitest";
import { createWordExtractor, getTokenizer, indexTokensOf, type WordExtractor } from "../../src/nlp/index.js";

let extractor: WordExtractor;
beforeAll(async () => {
  extractor = createWordExtractor(await getTokenizer());
});

describe("index tokens of compounds", () => {
  it("keeps a compound whole, its parts, and the shorter compounds written inside it", () => {
    const tokens = indexTokensOf(extractor.extract("白井市市民活動推進委員会が評価・公表").words);
    expect(tokens).toEqual(
      expect.arrayContaining([
        "白井市市民活動推進委員会",
        "市民活動推進委員会",
        "市民活動",
        "推進委員会",
        "評価",
      ]),
    );
    // Inner compounds are runs of tokens, never cut inside a word.
    expect(tokens).not.toContain("民活");
  });

  it("adds nothing for a plain word", () => {
    expect(indexTokensOf(extractor.extract("研修").words)).toEqual(["研修", "ケンシュウ"]);
  });
});
