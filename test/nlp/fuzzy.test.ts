import { describe, expect, it } from "vitest";
import { boundedEditDistance, createFuzzyMatcher } from "../../src/nlp/fuzzy.js";

describe("boundedEditDistance", () => {
  it("counts edits up to the limit and reports anything further as limit + 1", () => {
    expect(boundedEditDistance("防災訓連", "防災訓練", 1)).toBe(1);
    expect(boundedEditDistance("タウンミーテング", "タウンミーティング", 2)).toBe(1);
    expect(boundedEditDistance("abc", "abc", 1)).toBe(0);
    expect(boundedEditDistance("abcdef", "uvwxyz", 2)).toBe(3);
    expect(boundedEditDistance("ab", "abcdef", 2)).toBe(3);
  });
});

describe("createFuzzyMatcher", () => {
  const readings = new Map<string, string[]>([
    ["ボウサイクンレン", ["防災訓練"]],
    ["ケイカンジョウレイ", ["景観条例"]],
    ["ケイカンシャシンテン", ["景観写真展"]],
    ["タウンミーティング", ["タウンミーティング"]],
    ["ガイブヒョウカ", ["外部評価"]],
    ["ホケン", ["保険", "保健"]],
  ]);
  const matcher = createFuzzyMatcher(readings);

  it("finds the plan word with the same reading", () => {
    expect(matcher.candidates("景観条令", "ケイカンジョウレイ")).toEqual(["景観条例"]);
  });

  it("finds a word one character off in writing or reading", () => {
    expect(matcher.candidates("景勧写真展", "ケイススムシャシンテン")).toEqual(["景観写真展"]);
    expect(matcher.candidates("外部表価", "ガイブヒョウカ")).toEqual(["外部評価"]);
    expect(matcher.candidates("タウンミーテング", "タウンミーテング")).toEqual(["タウンミーティング"]);
  });

  it("guesses nothing for short or distant words", () => {
    expect(matcher.candidates("保検", "ホケン")).toEqual([]);
    expect(matcher.candidates("天気予報", "テンキヨホウ")).toEqual([]);
  });
});
