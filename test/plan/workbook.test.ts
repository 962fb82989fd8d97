// The Excel round trip: text edition → workbook → plan, a hand-edited workbook, a hand-made sheet
// with merged cells, errors that name the sheet, row and column, and the bounds of a workbook.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { planFingerprint } from "../../src/editions/index.js";
import {
  checkZipBounds,
  diffPlans,
  type Plan,
  parseEdition,
  parseWorkbook,
  toWorkbook,
  WORKBOOK_LIMITS,
  WORKBOOK_SHEET,
} from "../../src/plan/index.js";
import { loadSeedPlan } from "../support/seed.js";

async function readBack(bytes: Uint8Array): Promise<Plan> {
  const result = await parseWorkbook(bytes);
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join("\n"));
  return result.plan;
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

describe("toWorkbook", () => {
  it("lays the edition out like the city's table, merged where the table merges", async () => {
    const bytes = await toWorkbook(loadSeedPlan());
    const sheet = (await load(bytes)).getWorksheet(WORKBOOK_SHEET);
    if (!sheet) throw new Error("no sheet");
    const rows: string[][] = [];
    const numbers: number[] = [];
    sheet.eachRow((row, n) => {
      rows.push([1, 2, 3].map((c) => String(row.getCell(c).value ?? "")));
      numbers.push(n);
    });
    expect(rows[0]?.[0]).toBe("市民参加・協働のまちづくりプラン 進捗一覧");
    expect(rows[1]?.[0]).toBe("平成30年7月 市民活動支援課");
    expect(rows.some((r) => r[0] === "1.「市民参加」～多様な市民とともにつくる～")).toBe(true);
    expect(rows.some((r) => r.join("|") === "具体的な事業|担当課|実施したこと(実施年度)")).toBe(true);
    const first = rows.find((r) => r[0]?.startsWith("①市民が見やすいホームページ"));
    expect(first?.[1]).toBe("企画政策課 秘書広報課 総務課 各課");
    // Actions as lines in one cell.
    expect(first?.[2]?.split("\n")[0]).toBe(
      "・利用者が必要な情報に簡単にたどり着くサイト構造、デザインとしてホームページリニューアル(平成26年度)【秘書広報課】",
    );
    const merges = (sheet.model as { merges: string[] }).merges;
    // Title row across the three columns; 担当課 shared by ①②③ of 1-1-1.
    expect(merges).toContain("A1:C1");
    const row = numbers[rows.findIndex((r) => r[0]?.startsWith("①市民が見やすいホームページ"))] ?? 0;
    expect(merges).toContain(`B${row}:B${row + 2}`);
    // 記載なし 2-2-2-2 shares the 実施したこと cell of 2-2-2-1.
    expect(merges.some((range) => /^C\d+:C\d+$/.test(range))).toBe(true);
  });
});

describe("parseWorkbook", () => {
  it("round trip: text → xlsx → plan gives the same plan", async () => {
    const seed = loadSeedPlan();
    const back = await readBack(await toWorkbook(seed));
    expect(planFingerprint(back, undefined)).toBe(planFingerprint(seed, undefined));
    expect(diffPlans(seed, back).unchanged).toBe(true);
  });

  it("a workbook edited by hand: a status changed and an action added with a 令和 year", async () => {
    const workbook = await load(await toWorkbook(loadSeedPlan()));
    const sheet = workbook.getWorksheet(WORKBOOK_SHEET);
    if (!sheet) throw new Error("no sheet");
    sheet.eachRow((row) => {
      const title = String(row.getCell(1).value ?? "");
      if (title.startsWith("①景観意識を醸成するための景観写真展の開催")) {
        row.getCell(3).value = "景観写真展を開催(令和元年度)【都市計画課】";
      }
      if (title.startsWith("①市民が見やすいホームページの作成と管理")) {
        row.getCell(3).value =
          `${String(row.getCell(3).value)}\n・ホームページをスマートフォン対応に(令和2年度)【秘書広報課】`;
      }
    });
    sheet.getCell("A2").value = "令和2年7月 市民活動支援課";
    const edited = await readBack(new Uint8Array(await workbook.xlsx.writeBuffer()));
    const diff = diffPlans(loadSeedPlan(), edited);
    expect(edited.edition).toBe("令和2年7月");
    expect(diff.statusChanges).toEqual([
      { id: "2-1-4-1", title: "景観意識を醸成するための景観写真展の開催", from: "未実施", to: "実施あり" },
    ]);
    expect(diff.addedActions.map((a) => [a.projectId, a.text, a.yearsLabel, a.fiscalYears])).toEqual([
      ["1-1-1-1", "ホームページをスマートフォン対応に", "令和2年度", [2020]],
      ["2-1-4-1", "景観写真展を開催", "令和元年度", [2019]],
    ]);
    expect(diff.newFiscalYears).toEqual([2019, 2020]);
    expect(diff.removedProjects).toEqual([]);
  });

  it("a sheet made by hand with merged cells: merged 担当課 and 実施したこと count once", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("2020年度");
    const rows = [
      ["市民参加・協働のまちづくりプラン 進捗一覧"],
      ["令和2年7月 市民活動支援課"],
      ["1.「市民参加」～多様な市民とともにつくる～"],
      ["(1)情報の活用と提供の充実(P41～42)"],
      ["(1)ICTを活用した情報提供の充実(P41)"],
      ["具体的な事業", "担当課", "実施したこと(実施年度)"],
      [
        "①ホームページの作成と管理",
        "企画政策課\n秘書広報課",
        "ホームページをリニューアル(平成26年度)【秘書広報課】\nスマートフォン対応(令和2年度)",
      ],
      ["②行政資料の一覧を提供", "", "未実施"],
      ["③動画で手続きを案内", "", ""],
    ];
    rows.forEach((cells, i) => {
      sheet.getRow(i + 1).values = cells;
    });
    sheet.mergeCells("A1:C1");
    sheet.mergeCells("B7:B9");
    sheet.mergeCells("C8:C9");
    const plan = await readBack(new Uint8Array(await workbook.xlsx.writeBuffer()));
    const projects = plan.pillars[0]?.sections[0]?.measures[0]?.projects ?? [];
    expect(projects.map((p) => [p.id, p.status, p.departments])).toEqual([
      ["1-1-1-1", "実施あり", ["企画政策課", "秘書広報課"]],
      ["1-1-1-2", "未実施", ["企画政策課", "秘書広報課"]],
      ["1-1-1-3", "記載なし", ["企画政策課", "秘書広報課"]],
    ]);
    expect(projects[0]?.actions.map((a) => [a.text, a.fiscalYears])).toEqual([
      ["ホームページをリニューアル", [2014]],
      ["スマートフォン対応", [2020]],
    ]);
    expect(projects[2]?.siblingId).toBe("1-1-1-2");
  });

  it("errors name the sheet, the row and the column", async () => {
    const workbook = await load(await toWorkbook(loadSeedPlan()));
    const sheet = workbook.getWorksheet(WORKBOOK_SHEET);
    let row = 0;
    sheet?.eachRow((r, n) => {
      if (String(r.getCell(1).value ?? "").startsWith("①景観意識を醸成する")) {
        r.getCell(3).value = "・写真展を開催(平成年度)【都市計画課】";
        row = n;
      }
    });
    const result = await parseWorkbook(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(result.ok).toBe(false);
    const issue = result.ok ? undefined : result.issues.find((i) => i.severity === "error");
    expect(issue?.line).toBe(row);
    expect(issue?.message).toContain(`シート「${WORKBOOK_SHEET}」${row}行 C列（実施したこと）`);
    expect(issue?.message).toContain(`sheet ${WORKBOOK_SHEET}, row ${row}, column C`);
  });

  it("bounds: refuses a zip that would expand past the limit, before expanding it", async () => {
    // A central directory entry claiming a huge uncompressed size (a zip bomb's signature).
    const bytes = await toWorkbook(loadSeedPlan());
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < bytes.length - 4; i++) {
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, WORKBOOK_LIMITS.uncompressedBytes + 1, true);
        break;
      }
    }
    expect(checkZipBounds(bytes)).toContain("上限");
    const result = await parseEdition(bytes);
    expect(result.ok ? null : result.issues[0]?.code).toBe("workbook-bounds");
  });

  it("too many rows are refused with the sheet's name", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("big");
    sheet.getCell(`A${WORKBOOK_LIMITS.rows + 1}`).value = "x";
    const result = await parseWorkbook(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(result.ok ? null : result.issues[0]?.message).toContain("シート「big」の行が多すぎます");
  });
});
