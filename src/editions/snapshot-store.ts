// DATA_DIR: the snapshot the server loads, the last N editions kept for rollback, the history.
//   snapshot.json          the live edition (with the id of its kept copy)
//   editions/<id>.json     the kept editions, id 1, 2, 3 … never reused
//   history.jsonl          one line per publish, rollback or refusal (the audit trail)
import { appendFile, mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import {
  type DictionaryTexts,
  type EditionInfo,
  parseSudachiLayer,
  type SudachiLayer,
} from "../index/index.js";
import type { Plan } from "../plan/index.js";
import { writeFileAtomic } from "./atomic-file.js";
import { sha256Of } from "./edition-info.js";

export const SNAPSHOT_FILE = "snapshot.json";
export const KEPT_DIR = "editions";
export const HISTORY_FILE = "history.jsonl";
/** Where the one previous snapshot lived before editions were kept (read once, then moved). */
const LEGACY_PREVIOUS_FILE = "snapshot.previous.json";
export const DEFAULT_KEEP = 5;
const FORMAT = 3;
/** Snapshots of format 1 (before the dictionaries were stored) and 2 (before the Sudachi layer was) still load. */
const READABLE_FORMATS = new Set([1, 2, 3]);
const KEPT_NAME = /^(\d{1,9})\.json$/;

export interface Snapshot {
  info: EditionInfo;
  plan: Plan;
  /** The staff dictionaries the edition was validated with; absent in snapshots of format 1. */
  dictionaries?: DictionaryTexts;
  /** The Sudachi synonyms filtered to the edition's words when it was published; absent before format 3. */
  sudachi?: SudachiLayer;
  /** The id of the kept copy; absent for the bundled edition and old snapshots. */
  id?: string;
}

export interface KeptEdition {
  id: string;
  info: EditionInfo;
  /** True for the edition snapshot.json serves. */
  live: boolean;
}

export interface HistoryEntry {
  action: "publish" | "rollback" | "republish" | "refused";
  /** The kept edition acted on; absent for a refusal. */
  id?: string;
  source: string;
  sha256: string;
  /** ISO time of the action. */
  at: string;
  edition: string | null;
  projects: number;
  actions: number;
  /** Where it was published: "embedded" (snapshot only) or "meilisearch:<index>". */
  target: string;
  /** Guards overridden (publish) or that refused (refused). */
  guards?: string[];
  forced?: boolean;
  /** Who did it, when known (the staff console passes the signed-in staff member). */
  actor?: string;
}

export type SnapshotErrorCode = "SNAPSHOT_UNREADABLE" | "SNAPSHOT_INVALID" | "SNAPSHOT_WRITE_FAILED";

export class SnapshotError extends Error {
  override readonly name = "SnapshotError";
  readonly code: SnapshotErrorCode;

  constructor(code: SnapshotErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}

/** The kept editions and which one is live: files in DATA_DIR, or the registry in the database. */
export interface SnapshotStore {
  /** Where, for messages: DATA_DIR, or the database. */
  readonly location: string;
  readonly keep: number;
  /** The live snapshot; null when none was ever written. Throws SnapshotError when it is broken. */
  read(): Promise<Snapshot | null>;
  /** The kept editions, oldest first; broken files are left out. */
  list(): Promise<KeptEdition[]>;
  readKept(id: string): Promise<Snapshot | null>;
  /** The kept edition just older than the live one (the newest kept one when the live one is not kept). */
  readPrevious(): Promise<Snapshot | null>;
  /** Keeps a copy under a new id and returns it with that id. */
  keepCopy(snapshot: Snapshot): Promise<Snapshot & { id: string }>;
  /** Makes a kept edition live, then drops the oldest kept editions beyond `keep` (never the live one). */
  makeLive(snapshot: Snapshot & { id: string }): Promise<void>;
  /**
   * Keeps `snapshot` and makes it live. The edition served until now (`served`, e.g. the bundled one)
   * is kept first when it has no kept copy yet, so it can be rolled back to.
   */
  publish(snapshot: Snapshot, served?: Snapshot | null): Promise<Snapshot & { id: string }>;
  /** Makes the kept edition `id` (default: the previous one) live; null when there is none. */
  rollback(id?: string): Promise<Snapshot | null>;
  appendHistory(entry: HistoryEntry): Promise<void>;
  history(): Promise<HistoryEntry[]>;
}

export interface FileSnapshotStore extends SnapshotStore {
  readonly dataDir: string;
  readonly snapshotPath: string;
}

/** The primitives the kept-edition rules below are written on. */
type KeptPrimitives = Pick<SnapshotStore, "read" | "list" | "readKept" | "keepCopy" | "makeLive">;

/** The kept edition just older than the live one (the newest kept one when the live one is not kept). */
export async function readPreviousOf(
  store: Pick<SnapshotStore, "list" | "readKept">,
): Promise<Snapshot | null> {
  const kept = await store.list();
  const index = kept.findIndex((edition) => edition.live);
  const previous = index < 0 ? kept.at(-1) : kept[index - 1];
  return previous ? store.readKept(previous.id) : null;
}

/** Keeps `snapshot` and makes it live, keeping the edition served until now first when it has no kept copy. */
export async function publishIn(
  store: KeptPrimitives,
  snapshot: Snapshot,
  served?: Snapshot | null,
): Promise<Snapshot & { id: string }> {
  let current: Snapshot | null = null;
  try {
    current = await store.read();
  } catch {
    current = null; // A broken live edition is not ours to keep.
  }
  const outgoing = current ?? served ?? null;
  if (outgoing && outgoing.id === undefined) await store.keepCopy(outgoing);
  const kept = await store.keepCopy(snapshot);
  await store.makeLive(kept);
  return kept;
}

/** Makes the kept edition `id` (default: the previous one) live; null when there is none. */
export async function rollbackIn(
  store: KeptPrimitives & Pick<SnapshotStore, "readPrevious">,
  id?: string,
): Promise<Snapshot | null> {
  const target = id === undefined ? await store.readPrevious() : await store.readKept(id);
  if (!target?.id) return null;
  await store.makeLive({ ...target, id: target.id });
  return target;
}

interface SnapshotFile {
  format: number;
  /** sha256 of JSON.stringify({ info, plan, dictionaries, sudachi }): catches a truncated or hand-edited file. */
  checksum: string;
  id?: string;
  info: EditionInfo;
  plan: Plan;
  dictionaries?: DictionaryTexts;
  sudachi?: SudachiLayer;
}

interface Checked {
  info: unknown;
  plan: unknown;
  dictionaries: unknown;
  sudachi: unknown;
}

function checksumOf({ info, plan, dictionaries, sudachi }: Checked, format: number): string {
  const covered =
    format === 1
      ? { info, plan }
      : format === 2
        ? { info, plan, dictionaries }
        : { info, plan, dictionaries, sudachi };
  return sha256Of(JSON.stringify(covered));
}

export function serializeSnapshot(snapshot: Snapshot): string {
  const { info, plan, id, sudachi } = snapshot;
  const dictionaries = snapshot.dictionaries ?? {};
  const file: SnapshotFile = {
    format: FORMAT,
    checksum: checksumOf({ info, plan, dictionaries, sudachi: sudachi ?? null }, FORMAT),
    ...(id === undefined ? {} : { id }),
    info,
    plan,
    dictionaries,
    ...(sudachi ? { sudachi } : {}),
  };
  return `${JSON.stringify(file)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isDictionaryTexts(value: unknown): value is DictionaryTexts {
  return isRecord(value) && Object.values(value).every((text) => typeof text === "string");
}

export function parseSnapshot(text: string, file: string): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new SnapshotError("SNAPSHOT_INVALID", `${file}: not JSON`, { cause });
  }
  if (!isRecord(data) || typeof data.format !== "number" || !READABLE_FORMATS.has(data.format)) {
    throw new SnapshotError("SNAPSHOT_INVALID", `${file}: unknown snapshot format`);
  }
  const { info, plan, checksum, dictionaries, sudachi, id, format } = data;
  if (!isRecord(info) || !isRecord(plan) || !Array.isArray(plan.pillars) || typeof info.sha256 !== "string") {
    throw new SnapshotError("SNAPSHOT_INVALID", `${file}: missing plan or edition info`);
  }
  if (dictionaries !== undefined && !isDictionaryTexts(dictionaries)) {
    throw new SnapshotError("SNAPSHOT_INVALID", `${file}: dictionaries are not texts`);
  }
  const layer = sudachi === undefined ? null : parseSudachiLayer(sudachi);
  if (sudachi !== undefined && !layer) {
    throw new SnapshotError("SNAPSHOT_INVALID", `${file}: the Sudachi layer is not a synonym table`);
  }
  if (checksum !== checksumOf({ info, plan, dictionaries, sudachi: sudachi ?? null }, format)) {
    throw new SnapshotError("SNAPSHOT_INVALID", `${file}: checksum mismatch`);
  }
  return {
    info: info as unknown as EditionInfo,
    plan: plan as unknown as Plan,
    ...(dictionaries === undefined ? {} : { dictionaries }),
    ...(layer ? { sudachi: layer } : {}),
    ...(typeof id === "string" ? { id } : {}),
  };
}

export function createSnapshotStore(dataDir: string, options: { keep?: number } = {}): FileSnapshotStore {
  const keep = Math.max(1, options.keep ?? DEFAULT_KEEP);
  const snapshotPath = path.join(dataDir, SNAPSHOT_FILE);
  const keptDir = path.join(dataDir, KEPT_DIR);
  const historyPath = path.join(dataDir, HISTORY_FILE);
  const keptPath = (id: string) => path.join(keptDir, `${id}.json`);

  async function readText(file: string): Promise<string | null> {
    try {
      return await readFile(file, "utf8");
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw new SnapshotError("SNAPSHOT_UNREADABLE", `cannot read ${file}`, { cause });
    }
  }

  async function readSnapshot(file: string): Promise<Snapshot | null> {
    const text = await readText(file);
    return text === null ? null : parseSnapshot(text, file);
  }

  async function write(file: string, text: string): Promise<void> {
    try {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, text);
    } catch (cause) {
      throw new SnapshotError("SNAPSHOT_WRITE_FAILED", `cannot write ${file}`, { cause });
    }
  }

  async function keptIds(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(keptDir);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new SnapshotError("SNAPSHOT_UNREADABLE", `cannot list ${keptDir}`, { cause });
    }
    return names
      .flatMap((name) => {
        const match = KEPT_NAME.exec(name);
        return match?.[1] ? [String(Number(match[1]))] : [];
      })
      .sort((a, b) => Number(a) - Number(b));
  }

  async function liveId(): Promise<string | undefined> {
    try {
      return (await readSnapshot(snapshotPath))?.id;
    } catch {
      return undefined;
    }
  }

  async function history(): Promise<HistoryEntry[]> {
    const text = await readText(historyPath);
    if (!text) return [];
    return text.split("\n").flatMap((line) => {
      if (!line.trim()) return [];
      try {
        return [JSON.parse(line) as HistoryEntry];
      } catch {
        return [];
      }
    });
  }

  /** Ids are never reused, even after the edition they named was dropped. */
  async function nextId(): Promise<string> {
    const used = [...(await keptIds()), ...(await history()).flatMap((entry) => entry.id ?? [])];
    return String(used.reduce((max, id) => Math.max(max, Number(id) || 0), 0) + 1);
  }

  async function list(): Promise<KeptEdition[]> {
    const current = await liveId();
    const kept: KeptEdition[] = [];
    for (const id of await keptIds()) {
      try {
        const snapshot = await readSnapshot(keptPath(id));
        if (snapshot) kept.push({ id, info: snapshot.info, live: id === current });
      } catch {
        // A broken kept copy cannot be rolled back to; it is simply not listed.
      }
    }
    return kept;
  }

  async function readKept(id: string): Promise<Snapshot | null> {
    if (!/^\d{1,9}$/.test(id)) return null;
    const snapshot = await readSnapshot(keptPath(String(Number(id))));
    return snapshot ? { ...snapshot, id: String(Number(id)) } : null;
  }

  async function keepCopy(snapshot: Snapshot): Promise<Snapshot & { id: string }> {
    const kept = { ...snapshot, id: await nextId() };
    await write(keptPath(kept.id), serializeSnapshot(kept));
    return kept;
  }

  async function makeLive(snapshot: Snapshot & { id: string }): Promise<void> {
    await write(snapshotPath, serializeSnapshot(snapshot));
    const ids = await keptIds();
    const drop = ids.filter((id) => id !== snapshot.id).slice(0, Math.max(0, ids.length - keep));
    for (const id of drop) await rm(keptPath(id), { force: true });
  }

  /**
   * A DATA_DIR written before editions were kept holds snapshot.json and snapshot.previous.json,
   * without ids: keep both, so the first publish or rollback after the upgrade loses neither.
   */
  async function migrateLegacy(): Promise<void> {
    if ((await keptIds()).length > 0) return;
    const legacyPath = path.join(dataDir, LEGACY_PREVIOUS_FILE);
    const previous = await readSnapshot(legacyPath).catch(() => null);
    if (!previous) return;
    await keepCopy(previous);
    const current = await readSnapshot(snapshotPath).catch(() => null);
    if (current && current.id === undefined) await makeLive(await keepCopy(current));
    await rm(legacyPath, { force: true });
  }

  async function readPrevious(): Promise<Snapshot | null> {
    await migrateLegacy();
    return readPreviousOf({ list, readKept });
  }

  const read = () => readSnapshot(snapshotPath);
  const primitives = { read, list, readKept, keepCopy, makeLive, readPrevious };

  return {
    location: dataDir,
    dataDir,
    snapshotPath,
    keep,
    ...primitives,

    async publish(snapshot, served) {
      await migrateLegacy();
      return publishIn(primitives, snapshot, served);
    },

    rollback: (id) => rollbackIn(primitives, id),

    async appendHistory(entry) {
      try {
        await mkdir(dataDir, { recursive: true, mode: 0o700 });
        await appendFile(historyPath, `${JSON.stringify(entry)}\n`, { encoding: "utf8", mode: 0o600 });
      } catch (cause) {
        throw new SnapshotError("SNAPSHOT_WRITE_FAILED", `cannot append to ${historyPath}`, { cause });
      }
    },

    history,
  };
}
