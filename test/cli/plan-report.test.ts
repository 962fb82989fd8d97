import { describe, expect, it } from "vitest";
import { formatPlanReport } from "../../src/cli/plan-report.js";
import { parsePlan } from "../../src/plan/index.js";
import { loadSeedBytes } from "../support/seed.js";

describe("formatPlanReport", () => {
  it("summarizes a valid edition: totals, statuses, per 基本方針, source and warnings with lines", () => {
    const report = formatPlanReport(parsePlan(loadSeedBytes()), "seed.txt");
    expect(report).toContain("seed.txt: 検証OK");
    expect(report).toContain("市民参加・協働のまちづくりプラン 進捗一覧 平成30年7月 市民活動支援課");
    expect(report).toContain("文字コード utf-8 / 改行 LF / 170 行");
    expect(report).toContain(
      "合計: 基本方針 3 / 施策の方向 10 / 施策 33 / 具体的な事業 59 / 実施したこと 93",
    );
    expect(report).toContain("状況: 実施あり 35 / 未実施 22 / 記載なし 2");
    expect(report).toContain("1.「市民参加」 事業 15 (実施あり 12 / 未実施 3 / 記載なし 0), 実施したこと 41");
    expect(report).toContain(
      "2.「市民自治」 事業 27 (実施あり 14 / 未実施 11 / 記載なし 2), 実施したこと 42",
    );
    expect(report).toContain("3.「市民協働」 事業 17 (実施あり 9 / 未実施 8 / 記載なし 0), 実施したこと 10");
    expect(report).toContain("警告 1 件:");
    expect(report).toContain("seed.txt:76: 警告 [merged-header]");
    expect(report).not.toContain("rejected");
  });

  it("lists every error of an invalid document with its line and a rejected line", () => {
    const text = [
      "1.「市民参加」～副題～",
      "①事業\t課\t・未実施",
      "(1)見出し(P1)",
      "(1)施策(P1)\t\t",
      "①事業\t課\t・取組(平成XX年度)【課】",
    ].join("\r\n");
    const report = formatPlanReport(parsePlan(text), "bad.txt");
    expect(report).toMatch(/^bad\.txt: 不正な文書のため取り込みを中止しました \(rejected: 2 件のエラー\)/);
    expect(report).toContain("改行 CRLF");
    expect(report).toContain("bad.txt:2: エラー [project-outside-measure]");
    expect(report).toContain("bad.txt:5: エラー [unreadable-year]");
  });

  it("reports undecodable input without a source line", () => {
    const report = formatPlanReport(parsePlan(new Uint8Array([0x41, 0xff, 0xfe])), "x.bin");
    expect(report).toContain("rejected: 1 件のエラー");
    expect(report).toContain("x.bin: エラー [undecodable]");
  });
});
