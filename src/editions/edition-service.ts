// The edition lifecycle as one service, for the CLI and the staff console alike:
//   check(file)            validate → diff against the live edition → guard verdicts; changes nothing
//   publish(check, force)  under the lock: build the index, keep the snapshot, make it live
//   rollback(id?)          make a kept edition live again (Meilisearch rebuilt from its snapshot)
//   list()                 the kept editions
// Every outcome is a value that says what happened, ready for an audit log or a web page.

import type { Database } from "../db/index.js";
import {
  buildEmbeddedEdition,
  checkDictionaries,
  type DictionaryIssue,
  type DictionaryTexts,
  type EditionInfo,
  type MeilisearchPublisher,
} from "../index/index.js";
import type { JapaneseTokenizer } from "../nlp/index.js";
import { diffPlans, type ParseResult, type PlanDiff, parseUntrustedEdition } from "../plan/index.js";
import { editionInfoOf, loadBundledEdition } from "./bundled-edition.js";
import { editionKey } from "./edition-info.js";
import { checkGuards, type GuardOptions, type GuardVerdict } from "./guards.js";
import { acquirePublishLock, type LockHolder } from "./publish-lock.js";
import {
  createSnapshotStore,
  type HistoryEntry,
  type KeptEdition,
  type Snapshot,
  type SnapshotStore,
} from "./snapshot-store.js";
import { readStaffDictionaries } from "./staff-dictionaries.js";

export interface EditionServiceDeps {
  dataDir: string;
  /** The staff dictionaries and the bundled edition. */
  indexDataDir: string;
  /** Null for the embedded backend (the snapshot is all there is to publish). */
  publisher: MeilisearchPublisher | null;
  /** How many editions to keep for rollback (default 5). */
  keep?: number;
  guards?: GuardOptions;
  tokenizer?: JapaneseTokenizer;
  progress?: (step: string) => void;
  now?: () => Date;
  /** The Sudachi dictionary publish filters (default: the installed package's). */
  sudachiDictionaryPath?: string;
  /** Filter it on a worker thread: set where the process also answers citizens (the console). */
  sudachiOffThread?: boolean;
  /**
   * Several replicas: the registry in the database instead of DATA_DIR's files, and the database's
   * advisory lock instead of DATA_DIR's lock file, so two staff on two replicas cannot race.
   */
  shared?: { store: SnapshotStore; database: Database };
}

/** The advisory lock publish and rollback take in a shared database. */
export const PUBLISH_LOCK_NAME = "shiroi-plan-bot:publish";

export interface EditionFile {
  name: string;
  bytes: Uint8Array;
}

export type CheckResult =
  | { ok: false; stage: "parse"; name: string; result: Extract<ParseResult, { ok: false }> }
  | { ok: false; stage: "dictionaries"; name: string; issues: DictionaryIssue[] }
  | {
      ok: true;
      name: string;
      result: Extract<ParseResult, { ok: true }>;
      candidate: Snapshot;
      /** What citizens are served now; null when nothing can be read. */
      live: Snapshot | null;
      diff: PlanDiff;
      /** Empty when it may be published without force. */
      guards: GuardVerdict[];
    };

export type Passed = Extract<CheckResult, { ok: true }>;

export interface PublishOptions {
  /** Publish although guards refused (the staff member confirmed). */
  force?: boolean;
  actor?: string;
}

export type Busy = { status: "locked"; holder: LockHolder | null; lockFile: string };

export type PublishOutcome =
  | Busy
  | { status: "refused"; guards: GuardVerdict[]; entry: HistoryEntry }
  /** Identical to the live edition: nothing published, the rollback point kept. */
  | { status: "unchanged"; live: EditionInfo }
  /** The live edition changed since the check: check again. */
  | { status: "stale"; live: EditionInfo | null }
  | { status: "published"; id: string; info: EditionInfo; entry: HistoryEntry; detail: string | null };

export type RollbackOutcome =
  | Busy
  | { status: "none"; id: string | null }
  | { status: "rolled-back"; id: string; info: EditionInfo; entry: HistoryEntry; detail: string | null };

export type DictionaryOutcome =
  | Busy
  | { status: "invalid"; issues: DictionaryIssue[] }
  /** Nothing is served to apply them to. */
  | { status: "none" }
  | { status: "published"; id: string; info: EditionInfo; entry: HistoryEntry; detail: string | null };

export interface EditionService {
  readonly store: SnapshotStore;
  /** What citizens are served now: DATA_DIR's snapshot, else the bundled edition. */
  live(): Promise<Snapshot | null>;
  check(file: EditionFile): Promise<CheckResult>;
  publish(check: Passed, options?: PublishOptions): Promise<PublishOutcome>;
  rollback(id?: string, options?: { actor?: string }): Promise<RollbackOutcome>;
  /** The live plan again with new staff dictionaries, as a new kept edition (so it can be rolled back). */
  publishDictionaries(
    dictionaries: DictionaryTexts,
    options?: { actor?: string },
  ): Promise<DictionaryOutcome>;
  list(): Promise<KeptEdition[]>;
}

/** The same live edition: the same kept copy, or (bundled) the same file. */
function sameLive(a: Snapshot | null, b: Snapshot | null): boolean {
  return (a?.info.sha256 ?? null) === (b?.info.sha256 ?? null) && a?.id === b?.id;
}

export function createEditionService(deps: EditionServiceDeps): EditionService {
  const store = deps.shared?.store ?? createSnapshotStore(deps.dataDir, { keep: deps.keep });
  const progress = deps.progress ?? (() => {});
  const now = deps.now ?? (() => new Date());
  const target = deps.publisher ? `meilisearch:${deps.publisher.index}` : "embedded";

  async function live(): Promise<Snapshot | null> {
    try {
      const snapshot = await store.read();
      if (snapshot) return snapshot;
    } catch {
      // A broken live file: the newest kept edition is what the server falls back to.
      const previous = await store.readPrevious().catch(() => null);
      if (previous) return previous;
    }
    try {
      return await loadBundledEdition(deps.indexDataDir);
    } catch {
      return null;
    }
  }

  function entryOf(action: HistoryEntry["action"], info: EditionInfo, extra: Partial<HistoryEntry>) {
    return {
      action,
      source: info.source,
      sha256: info.sha256,
      at: now().toISOString(),
      edition: info.edition,
      projects: info.projects,
      actions: info.actions,
      target,
      ...extra,
    } satisfies HistoryEntry;
  }

  /**
   * Builds what the server will build, and swaps Meilisearch: a failure leaves the live edition as it
   * was. Returns the snapshot with its whole vocabulary (the Sudachi layer computed here when it has none).
   */
  async function index(snapshot: Snapshot): Promise<{ detail: string | null; indexed: Snapshot }> {
    progress("索引を作成");
    const dictionaries = snapshot.dictionaries ?? (await readStaffDictionaries(deps));
    const { vocabulary, backend, sudachi } = await buildEmbeddedEdition({
      plan: snapshot.plan,
      info: snapshot.info,
      dictionaries,
      tokenizer: deps.tokenizer,
      ...(snapshot.sudachi ? { sudachi: snapshot.sudachi } : {}),
      ...(deps.sudachiDictionaryPath ? { dictionaryPath: deps.sudachiDictionaryPath } : {}),
      ...(deps.sudachiOffThread ? { offThread: true } : {}),
    });
    const indexed: Snapshot = { ...snapshot, dictionaries, sudachi };
    if (backend.documents.length !== snapshot.info.projects) {
      throw new Error(
        `index holds ${backend.documents.length} documents, expected ${snapshot.info.projects}`,
      );
    }
    if (!deps.publisher) return { detail: null, indexed };
    const published = await deps.publisher.publish(backend.documents, vocabulary, progress, {
      edition: editionKey(snapshot.info),
    });
    const detail = `Meilisearch: ${published.index} に ${published.documents} 件を公開 (published ${published.documents} documents)`;
    return { detail, indexed };
  }

  /**
   * "Identical" compares with what is served: when Meilisearch does not hold the live edition (an
   * empty server before the first reindex, or an index lost since), publishing it changes something.
   */
  async function servedGuards(guards: GuardVerdict[], current: Snapshot | null): Promise<GuardVerdict[]> {
    if (!deps.publisher || !current || !guards.some((guard) => guard.code === "identical")) return guards;
    const served = await deps.publisher.servedDocuments();
    return served === current.info.projects ? guards : guards.filter((guard) => guard.code !== "identical");
  }

  async function locked<T>(work: () => Promise<T>): Promise<T | Busy> {
    const shared = deps.shared?.database.withLock(PUBLISH_LOCK_NAME, work);
    if (shared) {
      const attempt = await shared;
      return attempt.ok
        ? attempt.value
        : {
            status: "locked",
            holder: null,
            lockFile: `${deps.shared?.database.description} (advisory lock)`,
          };
    }
    const lock = await acquirePublishLock(deps.dataDir, now());
    if (!lock.ok) return { status: "locked", holder: lock.holder, lockFile: lock.file };
    try {
      return await work();
    } finally {
      await lock.lock.release();
    }
  }

  return {
    store,
    live,
    list: () => store.list(),

    async check(file) {
      progress("解析・検証");
      // A workbook is parsed on a worker with a heap ceiling: the file comes from outside.
      const result = await parseUntrustedEdition(file.bytes, file.name);
      if (!result.ok) return { ok: false, stage: "parse", name: file.name, result };
      const dictionaries: DictionaryTexts = await readStaffDictionaries(deps);
      const issues = checkDictionaries(dictionaries);
      if (issues.length > 0) return { ok: false, stage: "dictionaries", name: file.name, issues };
      const info = editionInfoOf(result.plan, file, now());
      const candidate: Snapshot = { plan: result.plan, info, dictionaries };
      const current = await live();
      const diff = diffPlans(current?.plan ?? { ...result.plan, pillars: [] }, result.plan);
      const guards = await servedGuards(
        checkGuards({ candidate: { plan: result.plan, dictionaries }, live: current, diff }, deps.guards),
        current,
      );
      return { ok: true, name: file.name, result, candidate, live: current, diff, guards };
    },

    async publish(check, options = {}) {
      return locked(async (): Promise<PublishOutcome> => {
        const current = await live();
        if (!sameLive(current, check.live)) return { status: "stale", live: current?.info ?? null };
        const codes = check.guards.map((guard) => guard.code);
        const identical = codes.includes("identical");
        if (codes.length > 0 && !options.force) {
          if (identical && current) return { status: "unchanged", live: current.info };
          // Not written to history.jsonl, which lists what changed the live edition; callers may log it.
          const entry = entryOf("refused", check.candidate.info, { guards: codes, actor: options.actor });
          return { status: "refused", guards: check.guards, entry };
        }
        if (identical && current) {
          // Forced: index the live edition again (e.g. to repair Meilisearch); no new kept copy.
          const { detail, indexed } = await index(current);
          const kept =
            current.id === undefined ? await store.publish(indexed) : { ...current, id: current.id };
          const entry = entryOf("republish", current.info, {
            id: kept.id,
            forced: true,
            actor: options.actor,
          });
          await store.appendHistory(entry);
          return { status: "published", id: kept.id, info: current.info, entry, detail };
        }
        const { detail, indexed } = await index(check.candidate);
        progress("スナップショットを保存");
        const kept = await store.publish(indexed, current);
        const entry = entryOf("publish", check.candidate.info, {
          id: kept.id,
          ...(codes.length > 0 ? { guards: codes, forced: true } : {}),
          actor: options.actor,
        });
        await store.appendHistory(entry);
        return { status: "published", id: kept.id, info: kept.info, entry, detail };
      });
    },

    async publishDictionaries(dictionaries, options = {}) {
      const issues = checkDictionaries(dictionaries);
      if (issues.length > 0) return { status: "invalid", issues };
      return locked(async (): Promise<DictionaryOutcome> => {
        const current = await live();
        if (!current) return { status: "none" };
        const candidate: Snapshot = {
          plan: current.plan,
          info: { ...current.info, indexedAt: now().toISOString() },
          dictionaries,
        };
        // The Sudachi layer is computed again: the new dictionaries may split the plan into other words.
        const { detail, indexed } = await index(candidate);
        progress("スナップショットを保存");
        const kept = await store.publish(indexed, current);
        const entry = entryOf("publish", candidate.info, { id: kept.id, actor: options.actor });
        await store.appendHistory(entry);
        return { status: "published", id: kept.id, info: kept.info, entry, detail };
      });
    },

    async rollback(id, options = {}) {
      return locked(async (): Promise<RollbackOutcome> => {
        const target = id === undefined ? await store.readPrevious() : await store.readKept(id);
        if (!target?.id) return { status: "none", id: id ?? null };
        // A kept edition was indexed when it was published: only Meilisearch needs it built again.
        const detail = deps.publisher ? (await index(target)).detail : null;
        progress("スナップショットを戻す");
        await store.makeLive({ ...target, id: target.id });
        const entry = entryOf("rollback", target.info, { id: target.id, actor: options.actor });
        await store.appendHistory(entry);
        return { status: "rolled-back", id: target.id, info: target.info, entry, detail };
      });
    },
  };
}
