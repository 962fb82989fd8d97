import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { readFileBounded } from "../editions/index.js";
import { parsePlan, toOpenDataCsv, toOpenDataJson } from "../plan/index.js";
import type { CliIo } from "./io.js";
import { formatIssue, formatPlanReport } from "./plan-report.js";

const USAGE = "usage: npm run export -- <file> [--format json|csv]\n";
const FORMATS = ["json", "csv"] as const;
type Format = (typeof FORMATS)[number];

type Args = { help: true } | { help: false; file: string; format: Format };

const OPTIONS = { format: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

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
  return { help: false, file, format: format as Format };
}

/**
 * `export <file> --format json|csv`: the validated plan as open data on stdout, nothing else.
 * Issues go to stderr. Exit 0 ok, 1 invalid document or unreadable file, 2 usage error.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = readArgs(argv);
  if (typeof args === "string") {
    io.stderr.write(`export: ${args}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const path = resolve(io.cwd, args.file);
  let bytes: Uint8Array;
  try {
    bytes = await readFileBounded(path, loadConfig(io.env).editionMaxBytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr.write(`export: cannot read ${args.file}: ${reason}\n`);
    return 1;
  }
  const result = parsePlan(bytes);
  const name = basename(path);
  if (!result.ok) {
    io.stderr.write(formatPlanReport(result, name));
    return 1;
  }
  // `export … | head` closes the pipe early: that is not an error worth a stack trace.
  io.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") io.stderr.write(`export: ${error.message}\n`);
  });
  for (const warning of result.warnings) io.stderr.write(`${formatIssue(warning, name)}\n`);
  io.stdout.write(args.format === "csv" ? toOpenDataCsv(result.plan) : toOpenDataJson(result.plan));
  return 0;
}
