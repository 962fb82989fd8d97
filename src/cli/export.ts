import { writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { readFileBounded } from "../editions/index.js";
import { describeFileError } from "../file-errors.js";
import { parseEdition, toOpenDataCsv, toOpenDataJson, toWorkbook } from "../plan/index.js";
import type { CliIo } from "./io.js";
import { swallowedFlags, swallowedHint } from "./npm-flags.js";
import { formatIssue, formatPlanReport } from "./plan-report.js";

const USAGE = "usage: npm run export -- <file.txt|file.xlsx> [--format json|csv|xlsx] [--output FILE]\n";
const FORMATS = ["json", "csv", "xlsx"] as const;
type Format = (typeof FORMATS)[number];

type Args = { help: true } | { help: false; file: string; format: Format; output: string | null };

const OPTIONS = {
  format: { type: "string" },
  output: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
}

function readArgs(argv: string[]): Args | string {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (parsed.values.help) return { help: true };
  const format = parsed.values.format ?? "json";
  if (!FORMATS.includes(format as Format)) return `unknown format: ${format}`;
  const [file, ...extra] = parsed.positionals;
  if (file === undefined) return "missing <file>";
  if (extra.length > 0) return `unexpected arguments: ${extra.join(" ")}`;
  return { help: false, file, format: format as Format, output: parsed.values.output ?? null };
}

async function render(format: Format, plan: Parameters<typeof toWorkbook>[0]): Promise<string | Buffer> {
  if (format === "xlsx") return toWorkbook(plan);
  return format === "csv" ? toOpenDataCsv(plan) : toOpenDataJson(plan);
}

/**
 * `export <file> --format json|csv|xlsx [--output FILE]`: the validated edition as open data or as
 * a workbook laid out like the city's table, on stdout (nothing else) or in FILE. Issues go to stderr.
 * Exit 0 ok, 1 invalid document or unreadable/unwritable file, 2 usage error.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const swallowed = swallowedFlags(io.env, Object.keys(OPTIONS));
  if (swallowed.refused.length > 0) {
    io.stderr.write(`export: ${swallowedHint("export", swallowed.refused)}`);
    return 2;
  }
  const args = readArgs(argv);
  if (typeof args === "string") {
    io.stderr.write(`export: ${args}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (args.format === "xlsx" && args.output === null && io.stdout.isTTY) {
    io.stderr.write(
      "export: .xlsx は端末には表示できません。--output FILE を付けるか、> FILE.xlsx でファイルに保存してください " +
        "(a workbook is binary: add --output FILE or redirect stdout to a file)\n",
    );
    return 2;
  }
  const path = resolve(io.cwd, args.file);
  let bytes: Uint8Array;
  try {
    bytes = await readFileBounded(path, loadConfig(io.env).editionMaxBytes);
  } catch (error) {
    io.stderr.write(`export: cannot read ${args.file}: ${describeFileError(error, args.file)}\n`);
    return 1;
  }
  const result = await parseEdition(bytes, path);
  const name = basename(path);
  if (!result.ok) {
    io.stderr.write(formatPlanReport(result, name, "export"));
    return 1;
  }
  for (const warning of result.warnings) io.stderr.write(`${formatIssue(warning, name)}\n`);
  const output = await render(args.format, result.plan);
  if (args.output !== null) {
    try {
      await writeFile(resolve(io.cwd, args.output), output);
    } catch (error) {
      io.stderr.write(`export: ${describeFileError(error, args.output)}\n`);
      return 1;
    }
    return 0;
  }
  // `export … | head` closes the pipe early: that is not an error worth a stack trace.
  io.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") io.stderr.write(`export: ${error.message}\n`);
  });
  io.stdout.write(output);
  return 0;
}
