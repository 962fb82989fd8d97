import { describe, expect, it } from "vitest";
import { MASKS, maskPersonalData, normalizeQuestion } from "../../src/record/index.js";

describe("maskPersonalData", () => {
  it.each([
    ["電話は047-492-1111です", `電話は${MASKS.phone}です`],
    ["０９０ー１２３４ー５６７８に連絡ください", `${MASKS.phone}に連絡ください`],
    ["090‐1234‐5678", MASKS.phone],
    ["(047)492-1111", MASKS.phone],
    ["（０４７）４９２－１１１１", MASKS.phone],
    ["047 492 1111", MASKS.phone],
    ["+81 90 1234 5678", MASKS.phone],
    ["〒270-1492 白井市復", `${MASKS.postalCode} 白井市復`],
    ["〒２７０－１４９２", MASKS.postalCode],
    ["住所は270-1492です", `住所は${MASKS.postalCode}です`],
    ["taro.yamada+city@example.co.jp に送って", `${MASKS.email} に送って`],
    ["ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", MASKS.email],
    ["口座は1234567", `口座は${MASKS.digits}`],
    ["マイナンバー 1234 5678 9012", `マイナンバー ${MASKS.digits}`],
    ["カード1234-5678-9012-3456", `カード${MASKS.digits}`],
    ["０９０１２３４５６７８", MASKS.digits],
  ])("masks %s", (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it.each([
    "防災訓練は実施された？",
    "平成27～29年度（2015～2017年度）の事業",
    "2015-2017年度に何をした？",
    "令和7年10月1日から",
    "第2次総合計画の123ページ",
  ])("keeps %s", (input) => {
    expect(maskPersonalData(input)).toBe(input);
  });

  it("scans the largest LINE message (5000 characters) of any shape quickly", () => {
    for (const text of [
      "1".repeat(5000),
      "a@".repeat(2500),
      `${"a".repeat(4999)}@`,
      "0-".repeat(2500),
      `${"a.".repeat(2499)}@b`,
    ]) {
      const started = performance.now();
      const masked = maskPersonalData(text);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(masked.length).toBeLessThanOrEqual(text.length);
    }
  });
});

describe("normalizeQuestion", () => {
  it("folds width and case and drops spaces and punctuation", () => {
    expect(normalizeQuestion("ﾎｰﾑﾍﾟｰｼﾞ は？")).toBe(normalizeQuestion("ホームページは?"));
    expect(normalizeQuestion("ＡＢＣ　です！")).toBe("abcです");
  });
});
