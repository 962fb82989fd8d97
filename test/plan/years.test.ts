import { describe, expect, it } from "vitest";
import { fiscalYearsOf, formatFiscalYears, parseYearGroup } from "../../src/plan/index.js";

describe("parseYearGroup", () => {
  it.each([
    ["平成26年度", [2014]],
    ["平成25～29年度", [2013, 2014, 2015, 2016, 2017]],
    ["平成 28~29 年度", [2016, 2017]],
    ["平成25~平成29年度", [2013, 2014, 2015, 2016, 2017]],
    ["平成25、26、28年度", [2013, 2014, 2016]],
    ["平成 25、26、28 年度", [2013, 2014, 2016]],
    ["平成27〜29年度", [2015, 2016, 2017]],
    ["平成２７～２９年度", [2015, 2016, 2017]],
    ["令和元年度", [2019]],
    ["令和2～3年度", [2020, 2021]],
    ["平成30年度～令和元年度", [2018, 2019]],
    ["平成30～令和2年度", [2018, 2019, 2020]],
    ["2019年度", [2019]],
    ["2018～2020年度", [2018, 2019, 2020]],
    ["昭和64年度", [1989]],
  ])("%s → %j", (label, years) => {
    expect(parseYearGroup(label)).toEqual({ fiscalYears: years, yearRound: false });
  });

  it("reads 通年 as year-round with no fiscal years", () => {
    expect(parseYearGroup("通年")).toEqual({ fiscalYears: [], yearRound: true });
  });

  it.each([
    "平成XX年度",
    "平成29～25年度",
    "25年度",
    "元年度",
    "平成年度",
    "年度",
    "",
    "平成25～26～27年度",
    "大正5年度",
  ])("rejects %j", (label) => {
    expect(parseYearGroup(label)).toBeNull();
  });
});

describe("fiscalYearsOf (question year filters)", () => {
  it.each([
    ["平成28年度", [2016]],
    ["2016年度", [2016]],
    ["令和元年", [2019]],
    ["(平成27～29年度)", [2015, 2016, 2017]],
    ["H28", [2016]],
    ["平成28", [2016]],
  ])("%s → %j", (label, years) => {
    expect(fiscalYearsOf(label)).toEqual(years);
  });

  it("returns null for text that is no year", () => {
    expect(fiscalYearsOf("防災訓練")).toBeNull();
  });
});

describe("formatFiscalYears", () => {
  it("formats single, consecutive and gapped years", () => {
    expect(formatFiscalYears([2016])).toBe("2016年度");
    expect(formatFiscalYears([2017, 2015, 2016])).toBe("2015～2017年度");
    expect(formatFiscalYears([2013, 2014, 2016])).toBe("2013、2014、2016年度");
    expect(formatFiscalYears([])).toBe("");
  });
});
