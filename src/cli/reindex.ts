// `reindex`: the staff's annual update. Validate → diff → guards → publish, or go back to a kept edition.
import { basename, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "../config.js";
import { type Database, openDatabase } from "../db/index.js";
import {
  type CheckResult,
  createEditionService,
  createRegistryStore,
  EditionFileTooLargeError,
  type EditionService,
  type GuardVerdict,
  type Passed,
  readFileBounded,
} from "../editions/index.js";
import { describeFileError } from "../file-errors.js";
import { createMeilisearchPublisher, type EditionInfo } from "../index/index.js";
import type { PlanDiff } from "../plan/index.js";
import type { CliIo } from "./io.js";
import { swallowedFlags, swallowedHint } from "./npm-flags.js";
import { formatPlanReport } from "./plan-report.js";

const USAGE = [
  "usage: npm run reindex -- <file.txt|file.xlsx>            検証・差分・公開 (validate, diff, publish)",
  "       npm run reindex -- <file> --dry-run                 確認だけ (check only; nothing changes)",
  "       npm run reindex -- <file> --force                   ガードを越えて公開 (publish despite a guard)",
  "       npm run reindex -- --list                           保持している版 (kept editions)",
  "       npm run reindex -- --rollback [id]                  直前の版 / 指定の版に戻す (roll back)",
  "  options: --data-dir DIR",
  "",
].join("\n");

const OPTIONS = {
  "dry-run": { type: "boolean" },
  force: { type: "boolean" },
  rollback: { type: "boolean" },
  list: { type: "boolean" },
  "data-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Args =
  | { mode: "help" }
  | { mode: "list"; dataDir?: string }
  | { mode: "rollback"; id?: string; dataDir?: string }
  | { mode: "publish"; file: string; dryRun: boolean; force: boolean; dataDir?: string };

function readArgs(argv: string[]): Args | string {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const { values, positionals } = parsed;
  if (values.help) return { mode: "help" };
  const dataDir = values["data-dir"];
  if (values.list) {
    if (positionals.length > 0 || values.rollback || values["dry-run"] || values.force) {
      return "--list takes no other argument";
    }
    return { mode: "list", dataDir };
  }
  if (values.rollback) {
    if (positionals.length > 1 || values["dry-run"] || values.force) {
      return "--rollback takes at most one edition id (see --list), no file and no --dry-run";
    }
    const [id] = positionals;
    if (id !== undefined && !/^\d{1,9}$/.test(id)) return `not an edition id: ${id} (see --list)`;
    return { mode: "rollback", id, dataDir };
  }
  const [file, ...extra] = positionals;
  if (file === undefined) return "missing <file>";
  if (extra.length > 0) return `unexpected arguments: ${extra.join(" ")}`;
  return { mode: "publish", file, dryRun: values["dry-run"] === true, force: values.force === true, dataDir };
}

function describeEdition(info: EditionInfo): string {
  return `${info.source}${info.edition ? ` (${info.edition})` : ""}, 事業 ${info.projects} 件`;
}

/** The diff as staff read it: new and removed projects, status changes, new actions and years. */
export function formatPlanDiff(diff: PlanDiff, live: EditionInfo | null): string {
  if (!live) return "稼働中の版はありません: すべて新規として公開します。\n";
  const lines = [`稼働中の版との差分 (稼働中: ${describeEdition(live)}):`];
  if (diff.unchanged) return `${lines[0]}\n  変更はありません。\n`;
  const section = <T>(title: string, items: T[], line: (item: T) => string) => {
    if (items.length === 0) return;
    lines.push(`  ${title} ${items.length} 件:`);
    for (const item of items) lines.push(`    ${line(item)}`);
  };
  section(
    "新しい事業",
    diff.addedProjects,
    (p) => `+ ${p.id} ${p.title} [${p.status}]（施策: ${p.measure}）`,
  );
  section("なくなった事業", diff.removedProjects, (p) => `- ${p.id} ${p.title} [${p.status}]`);
  section("名称が変わった事業", diff.retitledProjects, (p) => `~ ${p.id} ${p.from} → ${p.to}`);
  section("状況の変化", diff.statusChanges, (c) => `${c.id} ${c.title}: ${c.from} → ${c.to}`);
  section(
    "新しい実施内容",
    diff.addedActions,
    (a) => `+ ${a.projectId} ${a.projectTitle}: ${a.text}${a.yearsLabel ? `（${a.yearsLabel}）` : ""}`,
  );
  if (diff.newFiscalYears.length > 0) lines.push(`  新しい年度: ${diff.newFiscalYears.join(", ")}`);
  return `${lines.join("\n")}\n`;
}

export function formatGuards(guards: readonly GuardVerdict[]): string {
  return guards.map((guard) => `  [${guard.code}] ${guard.ja}\n      ${guard.en}\n`).join("");
}

function formatCheckFailure(check: Extract<CheckResult, { ok: false }>): string {
  if (check.stage === "parse") return formatPlanReport(check.result, check.name);
  return [
    "辞書に誤りがあるため取り込みを中止しました (rejected: the dictionaries in index-data/ have errors):",
    ...check.issues.map((issue) => `  ${issue.file}:${issue.line}: ${issue.message}`),
    "稼働中のボットは今の辞書のまま動きます。何も変更していません (the running bot keeps its vocabulary; nothing was changed).",
    "",
  ].join("\n");
}

/** In a terminal, the staff member may confirm instead of retyping with --force. */
async function confirm(io: CliIo, question: string): Promise<boolean> {
  if (!io.stdin.isTTY || !io.stdout.isTTY) return false;
  io.stdout.write(`${question} [yes/no] `);
  const lines = createInterface({ input: io.stdin, terminal: false });
  try {
    for await (const line of lines) return /^(y|yes|はい)$/i.test(line.trim());
    return false;
  } finally {
    lines.close();
  }
}

function lockedMessage(holder: { pid: number; since: string } | null, file: string): string {
  const who = holder ? ` (pid ${holder.pid}, ${holder.since} から)` : "";
  return (
    `reindex: 別の取り込みが実行中です${who}。何も変更していません。実行中でなければ ${file} を削除してください ` +
    `(another reindex is running; nothing was changed. If none is, remove ${file})\n`
  );
}

async function publish(
  service: EditionService,
  io: CliIo,
  args: Extract<Args, { mode: "publish" }>,
  maxBytes: number,
): Promise<number> {
  const path = resolve(io.cwd, args.file);
  let bytes: Uint8Array;
  try {
    bytes = await readFileBounded(path, maxBytes);
  } catch (error) {
    if (error instanceof EditionFileTooLargeError) {
      io.stderr.write(`reindex: ${error.message}。何も変更していません (nothing was changed).\n`);
      return 1;
    }
    io.stderr.write(`reindex: cannot read ${args.file}: ${describeFileError(error, args.file)}\n`);
    return 1;
  }
  const check = await service.check({ name: basename(path), bytes });
  if (!check.ok) {
    io.stderr.write(formatCheckFailure(check));
    return 1;
  }
  io.stdout.write(formatPlanReport(check.result, check.name));
  io.stdout.write(formatPlanDiff(check.diff, check.live?.info ?? null));
  if (check.guards.length > 0) {
    io.stdout.write(`注意 (guards):\n${formatGuards(check.guards)}`);
  }
  if (args.dryRun) {
    io.stdout.write("--dry-run: 何も変更していません (nothing was changed).\n");
    return 0;
  }
  let force = args.force;
  if (check.guards.length > 0 && !force) {
    force = await confirm(io, "それでも公開しますか？ (publish anyway?)");
  }
  return finishPublish(service, io, check, force);
}

async function finishPublish(
  service: EditionService,
  io: CliIo,
  check: Passed,
  force: boolean,
): Promise<number> {
  const outcome = await service.publish(check, { force });
  switch (outcome.status) {
    case "locked":
      io.stderr.write(lockedMessage(outcome.holder, outcome.lockFile));
      return 1;
    case "stale":
      io.stderr.write(
        "reindex: 確認中に稼働中の版が変わりました。もう一度実行してください (the live edition changed meanwhile; run again).\n",
      );
      return 1;
    case "unchanged":
      io.stderr.write(
        `reindex: 稼働中の版と同じ内容のため、何も公開していません。戻す先の版もそのままです ` +
          `(identical to the live edition: nothing was published, the rollback point is kept). ` +
          `索引を作り直すには --force (to rebuild the index anyway, add --force).\n`,
      );
      return 1;
    case "refused":
      io.stderr.write(
        `reindex: 公開しませんでした (not published):\n${formatGuards(outcome.guards)}` +
          "内容を確かめたうえで公開するには --force を付けてください " +
          "(if this is really intended, run again with --force: npm run reindex -- <file> --force).\n",
      );
      return 1;
    case "published":
      if (outcome.detail) io.stdout.write(`${outcome.detail}\n`);
      io.stdout.write(
        `公開しました${outcome.entry.forced ? " (--force)" : ""}: 版 ${outcome.id}: ${describeEdition(outcome.info)} sha256 ${outcome.info.sha256.slice(0, 12)}\n`,
      );
      return 0;
  }
}

async function rollback(service: EditionService, io: CliIo, id: string | undefined): Promise<number> {
  const outcome = await service.rollback(id);
  switch (outcome.status) {
    case "locked":
      io.stderr.write(lockedMessage(outcome.holder, outcome.lockFile));
      return 1;
    case "none":
      io.stderr.write(
        id === undefined
          ? "reindex: 戻せる以前の版がありません (no previous edition; see --list).\n"
          : `reindex: 版 ${id} は保持されていません (edition ${id} is not kept; see --list).\n`,
      );
      return 1;
    case "rolled-back":
      if (outcome.detail) io.stdout.write(`${outcome.detail}\n`);
      io.stdout.write(`版 ${outcome.id} に戻しました (rolled back): ${describeEdition(outcome.info)}\n`);
      return 0;
  }
}

async function list(service: EditionService, io: CliIo): Promise<number> {
  const kept = await service.list();
  if (kept.length === 0) {
    io.stdout.write("保持している版はありません (no kept editions yet).\n");
    return 0;
  }
  io.stdout.write(`保持している版 (kept editions, newest last; up to ${service.store.keep}):\n`);
  for (const { id, info, live } of kept) {
    io.stdout.write(
      `${live ? "*" : " "} ${id.padStart(3)}  ${info.edition ?? "(版の日付なし)"}  ${info.indexedAt}  ${info.source}  ` +
        `事業 ${info.projects} / 実施したこと ${info.actions}  sha256 ${info.sha256}\n`,
    );
  }
  io.stdout.write("* 稼働中 (live).  npm run reindex -- --rollback <id>\n");
  return 0;
}

/**
 * `reindex <file> [--dry-run|--force]`, `reindex --list`, `reindex --rollback [id]`. Exit 0 ok,
 * 1 invalid document, refused or failed publish (the live edition keeps serving), 2 usage or configuration.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const swallowed = swallowedFlags(io.env, Object.keys(OPTIONS));
  if (swallowed.refused.length > 0) {
    io.stderr.write(`reindex: ${swallowedHint("reindex", swallowed.refused)}`);
    return 2;
  }
  const args = readArgs(argv);
  if (typeof args === "string") {
    io.stderr.write(`reindex: ${args}\n${USAGE}`);
    return 2;
  }
  if (args.mode === "help") {
    io.stdout.write(USAGE);
    return 0;
  }
  if (swallowed.dryRun) {
    if (args.mode !== "publish") {
      io.stderr.write(`reindex: ${swallowedHint("reindex", ["--dry-run"])}`);
      return 2;
    }
    args.dryRun = true;
    io.stdout.write(
      "npm が --dry-run を受け取りました（-- がありません）。確認だけ行い、公開はしません " +
        "(npm took --dry-run; honouring it: check only, nothing is published).\n",
    );
  }
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`reindex: ${error.message}\n`);
    return 2;
  }
  const search = config.search;
  const dataDir = resolve(io.cwd, args.dataDir ?? config.dataDir);
  // With DATABASE_URL (and no --data-dir), the registry every replica follows, under its advisory lock.
  let database: Database | null = null;
  if (config.databaseUrl && !args.dataDir) {
    try {
      database = await openDatabase({ url: config.databaseUrl });
    } catch (error) {
      io.stderr.write(`reindex: ${(error as Error).message}\n`);
      return 1;
    }
  }
  const shared = database
    ? { store: createRegistryStore(database, { keep: config.editionsKept }), database }
    : null;
  const service = createEditionService({
    dataDir,
    indexDataDir: resolve(io.cwd, config.indexDataDir),
    keep: config.editionsKept,
    publisher:
      search.backend === "meilisearch"
        ? createMeilisearchPublisher({ host: search.host, apiKey: search.apiKey, index: search.index })
        : null,
    progress: (step) => {
      if (io.stdout.isTTY) io.stdout.write(`… ${step}\n`);
    },
    ...(shared ? { shared } : {}),
  });
  try {
    if (args.mode === "list") return await list(service, io);
    if (args.mode === "rollback") return await rollback(service, io, args.id);
    return await publish(service, io, args, config.editionMaxBytes);
  } catch (error) {
    const reason = describeFileError(error, dataDir);
    io.stderr.write(
      `reindex: 失敗しました。稼働中の版はそのまま使われます (failed; the live edition keeps serving): ${reason}\n`,
    );
    return 1;
  } finally {
    await database?.close();
  }
}
