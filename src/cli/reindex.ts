// `reindex <file>`: validate → diff against the live edition → publish without downtime → record.
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "../config.js";
import {
  acquirePublishLock,
  createSnapshotStore,
  EditionFileTooLargeError,
  editionInfoOf,
  type HistoryEntry,
  loadBundledEdition,
  readFileBounded,
  type Snapshot,
  type SnapshotStore,
} from "../editions/index.js";
import {
  buildEmbeddedEdition,
  createMeilisearchPublisher,
  type EditionInfo,
  type MeilisearchPublisher,
} from "../index/index.js";
import { diffPlans, type PlanDiff, parsePlan } from "../plan/index.js";
import type { CliIo } from "./io.js";
import { formatPlanReport } from "./plan-report.js";

const USAGE = [
  "usage: npm run reindex -- <file> [--dry-run] [--data-dir DIR]",
  "       npm run reindex -- --rollback [--data-dir DIR]",
  "",
].join("\n");

const OPTIONS = {
  "dry-run": { type: "boolean" },
  rollback: { type: "boolean" },
  "data-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Args =
  | { mode: "help" }
  | { mode: "rollback"; dataDir?: string }
  | { mode: "publish"; file: string; dryRun: boolean; dataDir?: string };

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
  if (values.rollback) {
    if (positionals.length > 0 || values["dry-run"]) return "--rollback takes no file and no --dry-run";
    return { mode: "rollback", dataDir };
  }
  const [file, ...extra] = positionals;
  if (file === undefined) return "missing <file>";
  if (extra.length > 0) return `unexpected arguments: ${extra.join(" ")}`;
  return { mode: "publish", file, dryRun: values["dry-run"] === true, dataDir };
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

interface Context {
  io: CliIo;
  store: SnapshotStore;
  indexDataDir: string;
  progress: (step: string) => void;
  publisher: MeilisearchPublisher | null;
  editionMaxBytes: number;
}

/** What the server serves now: DATA_DIR's snapshot, else the bundled edition. */
async function liveSnapshot(ctx: Context): Promise<Snapshot | null> {
  try {
    const snapshot = await ctx.store.read();
    if (snapshot) return snapshot;
  } catch (error) {
    ctx.io.stderr.write(`警告: 稼働中のスナップショットを読めません (${(error as Error).message})\n`);
  }
  try {
    return await loadBundledEdition(ctx.indexDataDir);
  } catch {
    return null;
  }
}

function historyEntry(action: HistoryEntry["action"], info: EditionInfo, ctx: Context): HistoryEntry {
  return {
    action,
    source: info.source,
    sha256: info.sha256,
    at: new Date().toISOString(),
    edition: info.edition,
    projects: info.projects,
    actions: info.actions,
    target: ctx.publisher ? `meilisearch:${ctx.publisher.index}` : "embedded",
  };
}

async function publish(ctx: Context, file: string, dryRun: boolean): Promise<number> {
  const { io } = ctx;
  const path = resolve(io.cwd, file);
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    bytes = await readFileBounded(path, ctx.editionMaxBytes);
  } catch (error) {
    if (error instanceof EditionFileTooLargeError) {
      io.stderr.write(`reindex: ${error.message}。何も変更していません (nothing was changed).\n`);
      return 1;
    }
    io.stderr.write(`reindex: cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  ctx.progress("解析・検証");
  const result = parsePlan(bytes);
  if (!result.ok) {
    io.stderr.write(formatPlanReport(result, name));
    return 1;
  }
  io.stdout.write(formatPlanReport(result, name));
  const live = await liveSnapshot(ctx);
  io.stdout.write(
    formatPlanDiff(diffPlans(live?.plan ?? { ...result.plan, pillars: [] }, result.plan), live?.info ?? null),
  );
  if (dryRun) {
    io.stdout.write("--dry-run: 何も変更していません (nothing was changed).\n");
    return 0;
  }

  const info = editionInfoOf(result.plan, { name, bytes });
  const snapshot: Snapshot = { plan: result.plan, info };
  try {
    ctx.progress("索引を作成");
    // Builds exactly what the server will build: a failure here stops before anything is touched.
    const { vocabulary, backend: embedded } = await buildEmbeddedEdition({
      plan: result.plan,
      info,
      indexDataDir: ctx.indexDataDir,
    });
    if (ctx.publisher) {
      const published = await ctx.publisher.publish(embedded.documents, vocabulary, ctx.progress);
      io.stdout.write(
        `Meilisearch: ${published.index} に ${published.documents} 件を公開${published.previous ? ` (以前の版は ${published.previous})` : ""}\n`,
      );
    } else if (embedded.documents.length !== info.projects) {
      throw new Error(`index holds ${embedded.documents.length} documents, expected ${info.projects}`);
    }
    ctx.progress("スナップショットを保存");
    await ctx.store.publish(snapshot, live);
    await ctx.store.appendHistory(historyEntry("publish", info, ctx));
  } catch (error) {
    io.stderr.write(
      `reindex: 公開に失敗しました。稼働中の版はそのまま使われます (publish failed; the live edition keeps serving): ${(error as Error).message}\n`,
    );
    return 1;
  }
  io.stdout.write(`公開しました: ${describeEdition(info)} sha256 ${info.sha256.slice(0, 12)}\n`);
  return 0;
}

async function rollback(ctx: Context): Promise<number> {
  const { io, store } = ctx;
  let previous: Snapshot | null;
  try {
    previous = await store.readPrevious();
  } catch (error) {
    io.stderr.write(`reindex: 以前の版が壊れています: ${(error as Error).message}\n`);
    return 1;
  }
  if (!previous) {
    io.stderr.write("reindex: 戻せる以前の版がありません (no previous edition).\n");
    return 1;
  }
  try {
    if (ctx.publisher && !(await ctx.publisher.rollback(ctx.progress))) {
      io.stderr.write(
        `reindex: Meilisearch に以前のインデックス ${ctx.publisher.previousIndex} がありません。\n`,
      );
      return 1;
    }
    ctx.progress("スナップショットを戻す");
    await store.rollback();
    await store.appendHistory(historyEntry("rollback", previous.info, ctx));
  } catch (error) {
    io.stderr.write(`reindex: ロールバックに失敗しました: ${(error as Error).message}\n`);
    return 1;
  }
  io.stdout.write(`以前の版に戻しました: ${describeEdition(previous.info)}\n`);
  return 0;
}

/**
 * `reindex <file> [--dry-run]` and `reindex --rollback`. Exit 0 ok, 1 invalid document or failed
 * publish (the live edition keeps serving), 2 usage or configuration error.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = readArgs(argv);
  if (typeof args === "string") {
    io.stderr.write(`reindex: ${args}\n${USAGE}`);
    return 2;
  }
  if (args.mode === "help") {
    io.stdout.write(USAGE);
    return 0;
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
  const ctx: Context = {
    io,
    store: createSnapshotStore(dataDir),
    indexDataDir: resolve(io.cwd, config.indexDataDir),
    progress: (step) => {
      if (io.stdout.isTTY) io.stdout.write(`… ${step}\n`);
    },
    publisher:
      search.backend === "meilisearch"
        ? createMeilisearchPublisher({ host: search.host, apiKey: search.apiKey, index: search.index })
        : null,
    editionMaxBytes: config.editionMaxBytes,
  };
  if (args.mode === "publish" && args.dryRun) return publish(ctx, args.file, true);

  const locked = await acquirePublishLock(dataDir);
  if (!locked.ok) {
    const who = locked.holder ? ` (pid ${locked.holder.pid}, ${locked.holder.since} から)` : "";
    io.stderr.write(
      `reindex: 別の取り込みが実行中です${who}。何も変更していません。実行中でなければ ${locked.file} を削除してください ` +
        `(another reindex is running; nothing was changed. If none is, remove ${locked.file})\n`,
    );
    return 1;
  }
  try {
    return args.mode === "rollback" ? await rollback(ctx) : await publish(ctx, args.file, false);
  } finally {
    await locked.lock.release();
  }
}
