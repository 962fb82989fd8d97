// The edition served right now: loaded from DATA_DIR (or the bundled one), swapped when reindex publishes.
import { type FSWatcher, watch as watchDirectory } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { buildEmbeddedEdition } from "../index/embedded-edition.js";
import {
  createFallbackBackend,
  createPrimaryCircuit,
  type PrimaryCircuit,
  type SearchLogger,
} from "../index/fallback.js";
import { createMeilisearchBackend } from "../index/meilisearch.js";
import { SUDACHI_CACHE_DIR } from "../index/sudachi-layer.js";
import type { BackendHealth, IndexedEdition, LiveEdition, SearchBackend } from "../index/types.js";
import { getTokenizer, type JapaneseTokenizer } from "../nlp/index.js";
import { changesOf } from "./changes.js";
import type { RegistryStore } from "./registry-store.js";
import { createSnapshotStore, SNAPSHOT_FILE, type Snapshot } from "./snapshot-store.js";

/** Structurally Config["search"]. */
export type SearchSettings =
  | { backend: "embedded" }
  | { backend: "meilisearch"; host: string; apiKey: string | undefined; index: string; timeoutMs: number };

export interface LiveEditionLogger extends SearchLogger {
  error(object: object, message: string): void;
}

export interface OpenLiveEditionOptions {
  dataDir: string;
  /** Where the dictionaries are for snapshots written before they were stored in the snapshot. */
  indexDataDir: string;
  /** The edition served while DATA_DIR holds no snapshot yet (the one bundled in index-data/). */
  bundled: () => Promise<Snapshot>;
  search: SearchSettings;
  logger: LiveEditionLogger;
  /** Pick up new snapshots without a restart (default true); pollMs is the safety-net poll (default 2 s). */
  watch?: boolean | { pollMs?: number };
  tokenizer?: JapaneseTokenizer;
  /** How long a replaced edition's Meilisearch client stays open for requests still using it (default 30 s). */
  retireAfterMs?: number;
  /** The Sudachi dictionary, read only for an edition stored without its layer (default: the package's). */
  sudachiDictionaryPath?: string;
  /**
   * Several replicas: the live edition is the registry's, not DATA_DIR's. A change is heard at once
   * (NOTIFY) and polled for as a safety net (pollMs, default 1 s).
   */
  registry?: RegistryStore;
}

export interface LiveEditionHandle extends LiveEdition {
  /** Loads DATA_DIR's snapshot now if it changed; true when it swapped. Broken snapshots are logged, never thrown. */
  reload(): Promise<boolean>;
}

/** Drops hits the edition does not know: Meilisearch may already hold a newer edition for a moment. */
function restrictTo(backend: SearchBackend, ids: ReadonlySet<string>): SearchBackend {
  return {
    name: backend.name,
    search: async (request) => (await backend.search(request)).filter((hit) => ids.has(hit.id)),
    health: () => backend.health(),
  };
}

/** How long a replaced edition's Meilisearch client stays open for the requests still using it. */
const RETIRE_AFTER_MS = 30_000;

function sameEdition(a: Snapshot["info"], b: Snapshot["info"]): boolean {
  return a.sha256 === b.sha256 && a.indexedAt === b.indexedAt;
}

export async function openLiveEdition(options: OpenLiveEditionOptions): Promise<LiveEditionHandle> {
  const { dataDir, indexDataDir, search, logger } = options;
  const tokenizer = options.tokenizer ?? (await getTokenizer());
  const files = createSnapshotStore(dataDir);
  const store = options.registry ?? files;
  const listeners = new Set<(edition: IndexedEdition) => void>();
  let circuit: PrimaryCircuit | null = null;
  /** Each edition's Meilisearch client, closed when the edition is replaced (its sockets with it). */
  const clients = new Map<IndexedEdition, SearchBackend>();
  let newestClient: SearchBackend | null = null;
  const retiring = new Map<NodeJS.Timeout, SearchBackend>();

  /** Requests that took the old edition finish with it first; then its client is closed. */
  function retire(previous: IndexedEdition): void {
    const client = clients.get(previous);
    if (!client) return;
    clients.delete(previous);
    const timer = setTimeout(() => {
      retiring.delete(timer);
      void client.close?.();
    }, options.retireAfterMs ?? RETIRE_AFTER_MS);
    timer.unref();
    retiring.set(timer, client);
  }

  async function build(snapshot: Snapshot): Promise<IndexedEdition> {
    const edition = await buildIndexed(snapshot);
    if (snapshot.id !== undefined) edition.id = snapshot.id;
    return edition;
  }

  async function buildIndexed(snapshot: Snapshot): Promise<IndexedEdition> {
    const { plan, info } = snapshot;
    const started = performance.now();
    // The vocabulary stored with the edition. Only snapshots older than that read index-data/, and
    // only those and the bundled edition compute the Sudachi layer (remembered in DATA_DIR).
    const local = await buildEmbeddedEdition({
      plan,
      info,
      tokenizer,
      ...(snapshot.dictionaries ? { dictionaries: snapshot.dictionaries } : { indexDataDir }),
      ...(snapshot.sudachi
        ? { sudachi: snapshot.sudachi }
        : { cacheDir: path.join(dataDir, SUDACHI_CACHE_DIR) }),
      ...(options.sudachiDictionaryPath ? { dictionaryPath: options.sudachiDictionaryPath } : {}),
    });
    if (local.sudachiOrigin !== "stored") {
      const how =
        local.sudachiOrigin === "computed"
          ? "computed it once from the dictionary and kept it in DATA_DIR"
          : "used the one computed before and kept in DATA_DIR";
      logger.info(
        { source: info.source, ms: Math.round(performance.now() - started), cache: SUDACHI_CACHE_DIR },
        `edition has no stored Sudachi layer (bundled, or published before layers were stored); ${how}`,
      );
    }
    const changes = await changesOf(store, snapshot).catch((error: unknown) => {
      logger.warn(
        { err: error },
        "cannot read the edition before this one; 「最近変わったこと」 is not known",
      );
      return null;
    });
    if (search.backend === "embedded") return { ...local, changes };
    const { vocabulary, shortNames, backend: embedded } = local;
    const meilisearch = createMeilisearchBackend({ ...search, vocabulary });
    newestClient = meilisearch;
    const ids = new Set(embedded.documents.map((doc) => doc.id));
    // The circuit outlives editions: its probes go to the newest edition's client.
    circuit ??= createPrimaryCircuit({
      primary: {
        name: meilisearch.name,
        search: (request) => (newestClient ?? meilisearch).search(request),
        health: () => (newestClient ?? meilisearch).health(),
      },
      logger,
      timeoutMs: search.timeoutMs,
    });
    const backend = createFallbackBackend({
      primary: restrictTo(meilisearch, ids),
      fallback: embedded,
      timeoutMs: search.timeoutMs,
      logger,
      circuit,
    });
    const edition = { plan, info, vocabulary, shortNames, backend, changes };
    clients.set(edition, meilisearch);
    return edition;
  }

  /**
   * Why DATA_DIR's snapshot cannot be served (a broken file, or a newer format than this release
   * reads); null when it can. While set, health() is unavailable: what is served is not what was published.
   */
  let snapshotProblem: string | null = null;
  function snapshotUnreadable(error: unknown, message: string): void {
    const problem = error instanceof Error ? error.message : String(error);
    // Once per problem: the watcher and the poller see the same file again and again.
    if (problem !== snapshotProblem) logger.error({ err: error, dataDir }, message);
    snapshotProblem = problem;
  }

  /** The snapshot in DATA_DIR, else the newest kept one, else the bundled edition. */
  async function initialSnapshot(): Promise<Snapshot> {
    for (const [label, read] of [
      ["snapshot", () => store.read()],
      ["newest kept snapshot", () => store.readPrevious()],
    ] as const) {
      try {
        const snapshot = await read();
        if (snapshot) return snapshot;
      } catch (error) {
        if (label === "snapshot") snapshotUnreadable(error, `${label} is broken; ignoring it`);
        else logger.error({ err: error, where: store.location }, `${label} is broken; ignoring it`);
      }
    }
    return options.bundled();
  }

  /** What changes when another edition is made live: cheap to read, so a reload with nothing new costs little. */
  async function liveVersion(): Promise<string | null> {
    if (options.registry) return options.registry.liveVersion();
    const s = await stat(files.snapshotPath);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  }

  let loadedVersion = await liveVersion().catch(() => null);
  let edition = await build(await initialSnapshot());
  logger.info(
    { source: edition.info.source, edition: edition.info.edition, projects: edition.info.projects },
    "plan edition loaded",
  );

  let reloading: Promise<boolean> | null = null;
  let again = false;

  async function loadLatest(): Promise<boolean> {
    const version = await liveVersion().catch(() => null);
    if (version !== null && version === loadedVersion) return false;
    let snapshot: Snapshot | null;
    try {
      snapshot = await store.read();
      loadedVersion = version;
    } catch (error) {
      snapshotUnreadable(error, "new snapshot is broken; still serving the current edition");
      return false;
    }
    snapshotProblem = null;
    if (!snapshot || sameEdition(snapshot.info, edition.info)) return false;
    try {
      const next = await build(snapshot);
      const before = { edition, info: edition.info };
      edition = next; // The swap: requests that took the old edition finish with it.
      retire(before.edition);
      logger.info(
        {
          from: before.info.source,
          to: next.info.source,
          edition: next.info.edition,
          projects: next.info.projects,
        },
        "plan edition swapped",
      );
      for (const listener of listeners) listener(next);
      return true;
    } catch (error) {
      logger.error({ err: error }, "cannot index the new snapshot; still serving the current edition");
      return false;
    }
  }

  /** One reload at a time; a change seen meanwhile triggers one more. */
  function reload(): Promise<boolean> {
    if (reloading) {
      again = true;
      return reloading;
    }
    reloading = (async () => {
      let swapped = false;
      do {
        again = false;
        swapped = (await loadLatest()) || swapped;
      } while (again);
      reloading = null;
      return swapped;
    })();
    return reloading;
  }

  let watcher: FSWatcher | null = null;
  let poller: NodeJS.Timeout | null = null;
  let subscription: { close(): Promise<void> } | null = null;
  const watchOption = options.watch ?? true;
  const registry = options.registry;
  if (watchOption !== false && registry) {
    try {
      subscription = await registry.watch(() => void reload());
    } catch (error) {
      logger.warn({ err: error }, "cannot listen for publishes in the database; polling only");
    }
    const pollMs = typeof watchOption === "object" ? (watchOption.pollMs ?? 1_000) : 1_000;
    let seen: string | null = await registry.liveVersion().catch(() => null);
    poller = setInterval(() => {
      registry.liveVersion().then(
        (version) => {
          if (version !== seen) {
            seen = version;
            void reload();
          }
        },
        () => {},
      );
    }, pollMs);
    poller.unref();
  } else if (watchOption !== false) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    try {
      watcher = watchDirectory(dataDir, (_event, file) => {
        if (file === null || file === SNAPSHOT_FILE) void reload();
      });
      watcher.on("error", (error) => logger.warn({ err: error }, "DATA_DIR watch failed; polling only"));
      watcher.unref();
    } catch (error) {
      logger.warn({ err: error, dataDir }, "cannot watch DATA_DIR; polling only");
    }
    // Safety net for file systems whose events do not arrive (network and container volumes).
    const pollMs = typeof watchOption === "object" ? (watchOption.pollMs ?? 2_000) : 2_000;
    let seen = "";
    poller = setInterval(() => {
      stat(files.snapshotPath).then(
        (s) => {
          const signature = `${s.ino}:${s.size}:${s.mtimeMs}`;
          if (signature !== seen) {
            seen = signature;
            void reload();
          }
        },
        () => {},
      );
    }, pollMs);
    poller.unref();
  }

  return {
    current: () => edition,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async health(): Promise<BackendHealth> {
      const health = await edition.backend.health();
      if (snapshotProblem === null) return health;
      return {
        ...health,
        state: "unavailable",
        detail: `DATA_DIR's snapshot cannot be read (${snapshotProblem}); serving ${edition.info.source} instead`,
      };
    },
    reload,
    async close() {
      await subscription?.close();
      watcher?.close();
      if (poller) clearInterval(poller);
      circuit?.close();
      for (const timer of retiring.keys()) clearTimeout(timer);
      const open = [...clients.values(), ...retiring.values()];
      retiring.clear();
      await Promise.all(open.map((client) => client.close?.()));
      clients.clear();
      listeners.clear();
    },
  };
}
