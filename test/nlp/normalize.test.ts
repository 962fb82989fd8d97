import { describe, expect, it } from "vitest";
import {
  normalizeForSearch,
  normalizeText,
  sameReading,
  stripPoliteEndings,
  toHiragana,
  toKatakana,
} from "../../src/nlp/index.js";

describe("normalizeText", () => {
  it("turns half-width katakana into full-width, long vowel marks included", () => {
    expect(normalizeText("ﾎｰﾑﾍﾟｰｼﾞ")).toBe("ホームページ");
    expect(normalizeText("ｷｬﾗｸﾀｰ")).toBe("キャラクター");
  });

  it("turns full-width letters and digits into ASCII, Latin in lower case", () => {
    expect(normalizeText("ＮＰＯ法人２０１６年")).toBe("npo法人2016年");
    expect(normalizeText("Facebook")).toBe("facebook");
  });

  it("writes every wave dash as ～", () => {
    expect(normalizeText("平成25~29年度")).toBe("平成25～29年度");
    expect(normalizeText("平成25〜29年度")).toBe("平成25～29年度");
    expect(normalizeText("平成25～29年度")).toBe("平成25～29年度");
  });

  it("reads a dash after kana as the long vowel mark and elsewhere as a hyphen", () => {
    expect(normalizeText("ホ-ムペ－ジ")).toBe("ホームページ");
    expect(normalizeText("2016ー2017")).toBe("2016-2017");
    expect(normalizeText("a—b")).toBe("a-b");
  });
});

describe("normalizeForSearch", () => {
  it("strips punctuation and brackets but keeps the wave dash", () => {
    expect(normalizeForSearch("「なし坊」、何？！")).toBe("なし坊 何");
    expect(normalizeForSearch("（平成27～29年度）【市民安全課】")).toBe("平成27～29年度 市民安全課");
  });
});

describe("kana helpers", () => {
  it("converts between hiragana and katakana both ways", () => {
    expect(toKatakana("ぼうさいくんれん")).toBe("ボウサイクンレン");
    expect(toHiragana("ボウサイ")).toBe("ぼうさい");
    expect(toKatakana("防災ー")).toBe("防災ー");
    expect(sameReading("ほけん", "ホケン")).toBe(true);
    expect(sameReading("ほけん", "ホゲン")).toBe(false);
  });
});

describe("stripPoliteEndings", () => {
  it.each([
    ["景観写真展は開催されましたか？", "景観写真展は開催された"],
    ["空き店舗の情報提供はしていますか", "空き店舗の情報提供はしている"],
    ["未実施の事業はいくつありますか", "未実施の事業はいくつある"],
    ["配置されませんでしたか", "配置されなかった"],
    ["教えてください", "教えて"],
  ])("%s → %s", (input, expected) => {
    expect(stripPoliteEndings(normalizeText(input))).toBe(expected);
  });
});
