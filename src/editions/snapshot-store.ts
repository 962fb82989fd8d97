// DATA_DIR: the validated plan snapshot the server loads, the previous one for rollback, the history.
import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { EditionInfo } from "../index/types.js";
import type { Plan } from "../plan/index.js";
import { writeFileAtomic } from "./atomic-file.js";
import { sha256Of } from "./edition-info.js";

export const SNAPSHOT_FILE = "snapshot.json";
export const PREVIOUS_SNAPSHOT_FILE = "snapshot.previous.json";
export const HISTORY_FILE = "history.jsonl";
const FORMAT = 1;

export interface Snapshot {
  info: EditionInfo;
  plan: Plan;
}

export interface HistoryEntry {
  action: "publish" | "rollback";
  source: string;
  sha256: string;
  /** ISO time of the action. */
  at: string;
  edition: string | null;
  projects: number;
  actions: number;
  /** Where it was published: "embedded" (snapshot only) or "meilisearch:<index>". */
  target: string;
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

export interface SnapshotStore {
  readonly dataDir: string;
  readonly snapshotPath: string;
  /** The current snapshot; null when none was ever written. Throws SnapshotError when it is broken. */
  read(): Promise<Snapshot | null>;
  readPrevious(): Promise<Snapshot | null>;
  /**
   * Makes `snapshot` current, keeping the current one as previous. With no current snapshot yet,
   * `served` (what was served instead, e.g. the bundled edition) becomes the previous one.
   */
  publish(snapshot: Snapshot, served?: Snapshot | null): Promise<void>;
  /** Swaps current and previous; returns the restored snapshot, null when there is no previous one. */
  rollback(): Promise<Snapshot | null>;
  appendHistory(entry: HistoryEntry): Promise<void>;
  history(): Promise<HistoryEntry[]>;
}

interface SnapshotFile {
  format: number;
  /** sha256 of JSON.stringify({ info, plan }): catches a truncated or hand-edited file. */
  checksum: string;
  info: EditionInfo;
  plan: Plan;
}

function serialize(snapshot: Snapshot): string {
  const body = JSON.stringify({ info: snapshot.info, plan: snapshot.plan });
  const file: SnapshotFile = { format: FORMAT, checksum: sha256Of(body), ...snapshot };
  return `${JSON.stringify(file)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseSnapshot(text: string, file: string): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new SnapshotError("SNAPSHOT_INVALID", `${file}: not JSON`, { cause });
  }
  if (!isRecord(data) || data.format !== FORMAT) {
    throw new SnapshotError("SNAPSHOT_INVALID", `${file}: unknown snapshot format`);
  }
  const { info, plan, checksum } = data;
  if (!isRecord(info) || !isRecord(plan) || !Array.isArray(plan.pillars) || typeof info.sha256 !== "string") {
    throw new SnapshotError("SNAPSHOT_INVALID", `${file}: missing plan or edition info`);
  }
  if (checksum !== sha256Of(JSON.stringify({ info, plan }))) {
    throw new SnapshotError("SNAPSHOT_INVALID", `${file}: checksum mismatch`);
  }
  return { info: info as unknown as EditionInfo, plan: plan as unknown as Plan };
}

export function createSnapshotStore(dataDir: string): SnapshotStore {
  const snapshotPath = path.join(dataDir, SNAPSHOT_FILE);
  const previousPath = path.join(dataDir, PREVIOUS_SNAPSHOT_FILE);
  const historyPath = path.join(dataDir, HISTORY_FILE);

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
      await mkdir(dataDir, { recursive: true });
      await writeFileAtomic(file, text);
    } catch (cause) {
      throw new SnapshotError("SNAPSHOT_WRITE_FAILED", `cannot write ${file}`, { cause });
    }
  }

  return {
    dataDir,
    snapshotPath,
    read: () => readSnapshot(snapshotPath),
    readPrevious: () => readSnapshot(previousPath),

    async publish(snapshot, served) {
      // Keep the current file as it is (even a broken one is not ours to judge here).
      const current = await readText(snapshotPath);
      const previous = current ?? (served ? serialize(served) : null);
      if (previous !== null) await write(previousPath, previous);
      await write(snapshotPath, serialize(snapshot));
    },

    async rollback() {
      const previousText = await readText(previousPath);
      if (previousText === null) return null;
      const previous = parseSnapshot(previousText, previousPath);
      const current = await readText(snapshotPath);
      // Previous first: a crash in between leaves both holding the served edition, never a loss.
      if (current !== null) await write(previousPath, current);
      await write(snapshotPath, previousText);
      return previous;
    },

    async appendHistory(entry) {
      try {
        await mkdir(dataDir, { recursive: true });
        await appendFile(historyPath, `${JSON.stringify(entry)}\n`, "utf8");
      } catch (cause) {
        throw new SnapshotError("SNAPSHOT_WRITE_FAILED", `cannot append to ${historyPath}`, { cause });
      }
    },

    async history() {
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
    },
  };
}
