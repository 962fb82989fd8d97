// The progress table as staff keep it in Excel (.xlsx), both ways. The sheet is laid out like the
// city's table: title and edition rows, 基本方針 and section rows, each 施策 row followed by the
// column header row, then one row per 具体的な事業 with 担当課 and 実施したこと(実施年度). A merged
// cell counts once, in its top-left cell, exactly as Excel's own "save as text" writes it; the rows
// then go through the text parser, so both forms validate the same way. The only importer of exceljs.
import type ExcelJS from "exceljs";
import { describeText } from "./decode.js";
import type { Action, Measure, ParseIssue, ParseResult, Plan, Project } from "./model.js";
import { parsePlan } from "./parse.js";
import { checkInflatedSize } from "./zip-inflate.js";

/** exceljs (about 25 MB and a second to load) only once a workbook is read or written: citizens' answers never need it. */
async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import("exceljs")).default;
}

export const WORKBOOK_SHEET = "進捗一覧";
const HEADER = ["具体的な事業", "担当課", "実施したこと(実施年度)"] as const;
const COLUMN_NAMES = ["A", "B", "C", "D", "E", "F", "G", "H"];
const COLUMN_ROLES: Readonly<Record<string, string>> = { A: "具体的な事業", B: "担当課", C: "実施したこと" };

/** Bounds for a workbook from outside: a zip bomb or a runaway sheet stops before it is expanded. */
export const WORKBOOK_LIMITS = {
  bytes: 10 * 1024 * 1024,
  uncompressedBytes: 64 * 1024 * 1024,
  entries: 2_000,
  rows: 10_000,
  columns: COLUMN_NAMES.length,
  cellChars: 32_000,
} as const;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

/** An .xlsx (a zip container); .docx etc. are zips too, and fail as workbooks with their own message. */
export function isWorkbook(bytes: Uint8Array): boolean {
  return startsWith(bytes, ZIP_MAGIC);
}

/** The Excel 97-2003 binary format (.xls), which is not read. */
export function isLegacyExcel(bytes: Uint8Array): boolean {
  return startsWith(bytes, OLE_MAGIC);
}

// ---- Writing -------------------------------------------------------------------------------------

const CIRCLED_START = [
  [1, 20, 0x2460],
  [21, 35, 0x3251],
  [36, 50, 0x32b1],
] as const;

function circled(no: number): string {
  for (const [first, last, code] of CIRCLED_START) {
    if (no >= first && no <= last) return String.fromCodePoint(code + no - first);
  }
  return String(no);
}

function pages(label: string | undefined): string {
  return label ? `(${label})` : "";
}

function actionLine(action: Action): string {
  const years = action.yearsLabel ? `(${action.yearsLabel})` : "";
  const departments = action.departmentsInherited ? "" : `【${action.departments.join("、")}】`;
  return `・${action.text}${years}${departments}`;
}

function actionsCell(project: Project): string {
  if (project.status === "未実施") return "・未実施";
  return project.actions.map(actionLine).join("\n");
}

interface Row {
  cells: string[];
  /** Merge A:C (title, edition, pillar and section rows) or B:C (a 施策's description). */
  span?: "A:C" | "B:C";
  style?: "title" | "pillar" | "section" | "measure" | "header";
}

function measureRows(measure: Measure, rows: Row[], merges: string[]): void {
  rows.push({
    cells: [`(${measure.no})${measure.title}${pages(measure.pages?.label)}`, measure.description ?? ""],
    span: measure.description ? "B:C" : undefined,
    style: "measure",
  });
  rows.push({ cells: [...HEADER], style: "header" });
  let departmentsFrom = -1;
  let actionsFrom = -1;
  measure.projects.forEach((project) => {
    const row = rows.length + 1;
    if (!project.departmentsInherited) departmentsFrom = row;
    if (project.status !== "記載なし" || project.siblingId === null) actionsFrom = row;
    rows.push({
      cells: [
        `${circled(project.no)}${project.title}`,
        project.departmentsInherited ? "" : project.departments.join(" "),
        project.status === "記載なし" ? "" : actionsCell(project),
      ],
    });
    // Merged as the city merges them: one 担当課 cell over the projects that share it, one
    // 実施したこと cell over a project and the 記載なし projects it covers.
    if (project.departmentsInherited && departmentsFrom > 0) merges.push(`B${departmentsFrom}:B${row}`);
    if (project.status === "記載なし" && project.siblingId !== null && actionsFrom > 0) {
      merges.push(`C${actionsFrom}:C${row}`);
    }
  });
}

function layout(plan: Plan): { rows: Row[]; merges: string[] } {
  const rows: Row[] = [];
  const merges: string[] = [];
  if (plan.title) rows.push({ cells: [plan.title], span: "A:C", style: "title" });
  if (plan.edition) {
    rows.push({ cells: [[plan.edition, plan.publisher].filter(Boolean).join(" ")], span: "A:C" });
  }
  for (const pillar of plan.pillars) {
    rows.push({ cells: [] });
    const subtitle = pillar.subtitle ? `～${pillar.subtitle}～` : "";
    rows.push({ cells: [`${pillar.no}.「${pillar.title}」${subtitle}`], span: "A:C", style: "pillar" });
    for (const section of pillar.sections) {
      rows.push({ cells: [] });
      rows.push({
        cells: [`(${section.no})${section.title}${pages(section.pages?.label)}`],
        span: "A:C",
        style: "section",
      });
      for (const measure of section.measures) measureRows(measure, rows, merges);
    }
  }
  return { rows, merges };
}

/** Merges grow downwards one row at a time; keep only the widest of each run. */
function widestMerges(merges: readonly string[]): string[] {
  const byStart = new Map<string, string>();
  for (const range of merges) byStart.set(range.split(":")[0] ?? range, range);
  return [...byStart.values()];
}

/** The plan as a workbook laid out like the city's table. */
export async function toWorkbook(plan: Plan): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = "shiroi-plan-bot";
  const sheet = workbook.addWorksheet(WORKBOOK_SHEET, {
    views: [{ state: "frozen", ySplit: 0 }],
    pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [{ width: 48 }, { width: 22 }, { width: 90 }];
  const { rows, merges } = layout(plan);
  rows.forEach((row, index) => {
    const excelRow = sheet.getRow(index + 1);
    row.cells.forEach((text, column) => {
      excelRow.getCell(column + 1).value = text === "" ? null : text;
    });
    excelRow.alignment = { vertical: "top", wrapText: true };
    if (row.style === "title" || row.style === "pillar") excelRow.font = { bold: true, size: 12 };
    if (row.style === "section" || row.style === "measure") excelRow.font = { bold: true };
    if (row.style === "header") {
      excelRow.eachCell((cell) => {
        cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
      });
    }
    if (row.span === "A:C") sheet.mergeCells(`A${index + 1}:C${index + 1}`);
    if (row.span === "B:C") sheet.mergeCells(`B${index + 1}:C${index + 1}`);
  });
  for (const range of widestMerges(merges)) sheet.mergeCells(range);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---- Reading -------------------------------------------------------------------------------------

function failure(code: string, message: string): Extract<ParseResult, { ok: false }> {
  return { ok: false, issues: [{ line: 0, severity: "error", code, message }], source: null };
}

/**
 * Reads the zip's central directory (no decompression) and checks the entry count and the sizes
 * the entries claim once expanded. Null when within the limits, else the reason.
 */
export function checkZipBounds(bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const END = 0x06054b50;
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) return "壊れた .xlsx です（zip の目次がありません）";
  const entries = view.getUint16(end + 10, true);
  if (entries > WORKBOOK_LIMITS.entries) return `zip の項目が多すぎます（${entries}）`;
  let offset = view.getUint32(end + 16, true);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) {
      return "壊れた .xlsx です（zip の目次が読めません）";
    }
    const compressed = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    if (size === 0xffffffff || compressed === 0xffffffff) return "zip64 の .xlsx は読めません";
    total += size;
    if (total > WORKBOOK_LIMITS.uncompressedBytes) {
      return `展開後の大きさが上限（${WORKBOOK_LIMITS.uncompressedBytes / 1024 / 1024} MB）を超えます`;
    }
    offset +=
      46 +
      view.getUint16(offset + 28, true) +
      view.getUint16(offset + 30, true) +
      view.getUint16(offset + 32, true);
  }
  return null;
}

function cellText(cell: ExcelJS.Cell): string {
  // A merged cell counts once, in its top-left cell.
  if (cell.isMerged && cell.master.address !== cell.address) return "";
  const value = cell.value;
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined || result === null || typeof result === "object" ? "" : String(result);
  }
  if ("hyperlink" in value) return String(value.text);
  return cell.text;
}

/** A cell's lines as one text line: in 実施したこと each line is an item unless the staff wrote bullets. */
function flatten(text: string, column: number): string {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (column === 3 && lines.length > 1 && !lines.some((line) => /^[・･]/u.test(line))) {
    return lines.map((line) => `・${line}`).join(" ");
  }
  return lines.join(" ").replace(/\t/g, " ");
}

function located(issue: ParseIssue, sheet: string): ParseIssue {
  if (issue.line <= 0) return issue;
  const column = columnOf(issue.code);
  const where = `シート「${sheet}」${issue.line}行${column ? ` ${column}列（${COLUMN_ROLES[column]}）` : ""}`;
  return {
    ...issue,
    message: `${where}: ${issue.message} (sheet ${sheet}, row ${issue.line}${column ? `, column ${column}` : ""})`,
  };
}

/** Which column an issue of the text parser is about, by its code. */
function columnOf(code: string): string | null {
  if (/year|action|not-done|merged/.test(code)) return "C";
  if (/department/.test(code)) return "B";
  if (/project|numbering|duplicate/.test(code)) return "A";
  return null;
}

/** A workbook → Plan: the first worksheet, through the same validation as a text edition. */
export async function parseWorkbook(bytes: Uint8Array): Promise<ParseResult> {
  if (bytes.length > WORKBOOK_LIMITS.bytes) {
    return failure("too-large", `ファイルが大きすぎます（${WORKBOOK_LIMITS.bytes / 1024 / 1024} MB まで）`);
  }
  const bounds = checkZipBounds(bytes);
  if (bounds) return failure("workbook-bounds", bounds);
  // The directory may lie: inflate once, counting real bytes, before the spreadsheet library does.
  const inflated = await checkInflatedSize(bytes, WORKBOOK_LIMITS.uncompressedBytes);
  if (!inflated.ok) {
    return inflated.reason === "too-large"
      ? failure(
          "workbook-bounds",
          `展開後の大きさが上限（${WORKBOOK_LIMITS.uncompressedBytes / 1024 / 1024} MB）を超えるか、zip の目次と合いません`,
        )
      : failure("workbook-unreadable", `.xlsx として読めません: ${inflated.detail}`);
  }
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer,
    );
  } catch (error) {
    return failure("workbook-unreadable", `.xlsx として読めません: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets.find((ws) => ws.state !== "hidden" && ws.state !== "veryHidden");
  if (!sheet) return failure("workbook-empty", "ワークシートがありません (no worksheet)");
  if (sheet.rowCount > WORKBOOK_LIMITS.rows) {
    return failure(
      "too-many-rows",
      `シート「${sheet.name}」の行が多すぎます（${sheet.rowCount} 行、${WORKBOOK_LIMITS.rows} 行まで）`,
    );
  }
  const lines: string[] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    const columns = Math.min(row.cellCount, WORKBOOK_LIMITS.columns);
    for (let c = 1; c <= columns; c++) {
      const text = cellText(row.getCell(c));
      if (text.length > WORKBOOK_LIMITS.cellChars) {
        return failure(
          "cell-too-long",
          `シート「${sheet.name}」${r}行 ${COLUMN_NAMES[c - 1]}列: セルが長すぎます（${WORKBOOK_LIMITS.cellChars} 文字まで）`,
        );
      }
      cells.push(flatten(text, c));
    }
    while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
    lines.push(cells.join("\t"));
  }
  const text = lines.join("\n");
  const described = describeText(text, "utf-8");
  if ("error" in described)
    return { ok: false, issues: [located(described.error, sheet.name)], source: null };
  const result = parsePlan(text);
  if (!result.ok) return { ...result, issues: result.issues.map((issue) => located(issue, sheet.name)) };
  return { ...result, warnings: result.warnings.map((issue) => located(issue, sheet.name)) };
}

/** Any edition file: a workbook by its content, else a text edition. */
export async function parseEdition(bytes: Uint8Array, _name?: string): Promise<ParseResult> {
  return isWorkbook(bytes) ? parseWorkbook(bytes) : parsePlan(bytes);
}
