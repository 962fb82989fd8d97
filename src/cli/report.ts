// `report`: what citizens asked over a period, for staff. Tables on a terminal; --format json or csv
// (UTF-8 with BOM, for Excel) for files. DATABASE_URL, DATA_DIR or --data-dir chooses the record.
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../db/index.js";
import {
  type ConversationReport,
  createDatabaseStore,
  REPORT_SECTIONS,
  REPORT_TIME_ZONE,
  type ReportSection,
  reportTable,
  reportToCsv,
} from "../record/index.js";
import type { CliIo } from "./io.js";
import { cliConfig, openRecordStore, recordPlace } from "./record-file.js";

const USAGE = [
  "usage: npm run report -- [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--format table|json|csv]",
  `                         [--section ${REPORT_SECTIONS.join("|")}] [--limit N] [--out FILE] [--data-dir DIR]`,
  "  --since / --until: days in Japan time, both included (or ISO 8601 times, until excluded)",
  "",
].join("\n");

const FORMATS = ["table", "json", "csv"] as const;
type Format = (typeof FORMATS)[number];

const OPTIONS = {
  since: { type: "string" },
  until: { type: "string" },
  format: { type: "string" },
  section: { type: "string" },
  limit: { type: "string" },
  out: { type: "string" },
  "data-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

interface Args {
  since: Date | null;
  until: Date | null;
  format: Format;
  section: ReportSection | undefined;
  limit: number;
  out: string | undefined;
  dataDir: string | undefined;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A day is Japan time; `end` moves a day to the start of the next (so --until includes it). */
export function parseReportDate(text: string, end: boolean): Date | null {
  const day = DAY.test(text);
  const date = new Date(day ? `${text}T00:00:00${REPORT_TIME_ZONE}` : text);
  if (Number.isNaN(date.getTime())) return null;
  return day && end ? new Date(date.getTime() + DAY_MS) : date;
}

function readArgs(argv: string[]): Args | "help" | string {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>["values"];
  try {
    const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false });
    values = parsed.values;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (values.help) return "help";
  const since = values.since === undefined ? null : parseReportDate(values.since, false);
  if (since === null && values.since !== undefined) return `not a date: --since ${values.since}`;
  const until = values.until === undefined ? null : parseReportDate(values.until, true);
  if (until === null && values.until !== undefined) return `not a date: --until ${values.until}`;
  const format = values.format ?? "table";
  if (!FORMATS.includes(format as Format)) return `unknown format: ${format}`;
  const section = values.section;
  if (section !== undefined && !REPORT_SECTIONS.includes(section as ReportSection))
    return `unknown section: ${section}`;
  const limit = Number(values.limit ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) return `not a limit: ${values.limit}`;
  return {
    since,
    until,
    format: format as Format,
    section: section as ReportSection | undefined,
    limit,
    out: values.out,
    dataDir: values["data-dir"],
  };
}

/** Display width: East Asian wide characters take two columns. */
function width(text: string): number {
  let columns = 0;
  for (const c of text)
    columns +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|\p{Extended_Pictographic}/u.test(
        c,
      )
        ? 2
        : 1;
  return columns;
}

const TITLES: Record<ReportSection, string> = {
  totals: "合計 / totals",
  unanswered: "答えられなかった質問 / unanswered (with the words that matched nothing)",
  weakMatches: "弱い一致 / weak matches",
  feedbackByProject: "「解決しましたか？」事業別（悪い順）/ feedback by project, worst first",
  topProjects: "よく聞かれる事業 / most asked projects",
  byDay: "日別 / by day",
  byHour: "時間帯別 / by hour",
  byKind: "回答の種類 / answer kinds",
};

const MAX_CELL = 60;

export function formatTables(report: ConversationReport, sections: readonly ReportSection[]): string {
  const out: string[] = [
    `期間 / period: ${report.period.since ?? "…"} – ${report.period.until ?? "…"} (days in UTC${report.period.timeZone})`,
  ];
  for (const section of sections) {
    const rows = reportTable(report, section).map((row) =>
      row.map((cell) => {
        const text = cell === null ? "" : String(cell);
        return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
      }),
    );
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => width(row[i] ?? "")))) ?? [];
    out.push("", `■ ${TITLES[section]}`);
    if (rows.length === 1) rows.push(["(なし / none)"]);
    for (const row of rows)
      out.push(
        row
          .map((text, i) => text + " ".repeat(Math.max(0, (widths[i] ?? 0) - width(text))))
          .join("  ")
          .trimEnd(),
      );
  }
  return `${out.join("\n")}\n`;
}

/** Exit 0 ok (an empty report when there is no record yet), 1 bad configuration, 2 usage error. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = readArgs(argv);
  if (args === "help") {
    io.stdout.write(USAGE);
    return 0;
  }
  if (typeof args === "string") {
    io.stderr.write(`report: ${args}\n${USAGE}`);
    return 2;
  }
  const config = cliConfig(io, "report");
  if (!config) return 1;
  // No record yet (the bot never ran with this DATA_DIR): an empty report, and a note saying why.
  const store =
    (await openRecordStore(io, "report", recordPlace(config, args.dataDir))) ??
    createDatabaseStore(await openDatabase(":memory:"));
  let report: ConversationReport;
  try {
    report = await store.report({ since: args.since, until: args.until, limit: args.limit });
  } finally {
    await store.close();
  }
  const sections = args.section ? [args.section] : REPORT_SECTIONS;
  const text =
    args.format === "json"
      ? `${JSON.stringify(args.section ? { period: report.period, [args.section]: report[args.section] } : report, null, 2)}\n`
      : args.format === "csv"
        ? reportToCsv(report, args.section)
        : formatTables(report, sections);
  if (args.out) {
    await writeFile(resolve(io.cwd, args.out), text);
    io.stderr.write(`report: wrote ${args.out}\n`);
  } else {
    io.stdout.write(text);
  }
  return 0;
}
