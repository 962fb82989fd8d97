import * as fs from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";

export const PUBLISH_LOCK_FILE = "reindex.lock";
/** Who holds the lock, beside it: writing into the lock directory would change the mtime it is refreshed by. */
const HOLDER_SUFFIX = ".holder";

/** A lock not refreshed for this long is stale: its holder was killed, and the next run takes it over. */
export const PUBLISH_LOCK_STALE_MS = 60_000;

export interface PublishLock {
  release(): Promise<void>;
}

/** Who holds the lock, as written in the lock. */
export interface LockHolder {
  pid: number;
  since: string;
}

export type LockResult =
  | { ok: true; lock: PublishLock }
  | { ok: false; holder: LockHolder | null; file: string };

/** proper-lockfile removes a stale lock with rmdir; a lock left as a plain file by an older version goes too. */
const lockFs = {
  ...fs,
  rmdir: (target: string, callback: (error: NodeJS.ErrnoException | null) => void) =>
    fs.rm(target, { recursive: true, force: true }, callback),
};

/**
 * One publish or rollback at a time per DATA_DIR: two staff members reindexing at once must not
 * interleave their snapshots or delete each other's temporary Meilisearch index. The lock
 * (proper-lockfile: an atomic mkdir, refreshed while held) goes stale when its holder stops
 * refreshing it: a killed reindex blocks later runs for at most `staleMs`, never for good.
 */
export async function acquirePublishLock(
  dataDir: string,
  now = new Date(),
  staleMs = PUBLISH_LOCK_STALE_MS,
): Promise<LockResult> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, PUBLISH_LOCK_FILE);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: file,
      realpath: false,
      stale: staleMs,
      update: Math.max(1_000, Math.floor(staleMs / 6)),
      retries: 0,
      fs: lockFs,
      // The lock could not be refreshed in time (a suspended machine): the run finishes anyway; the
      // default would throw from a timer and end the process mid-publish.
      onCompromised: () => {},
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
    return { ok: false, holder: await readHolder(file), file };
  }
  const holder: LockHolder = { pid: process.pid, since: now.toISOString() };
  const holderFile = `${file}${HOLDER_SUFFIX}`;
  await writeFile(holderFile, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  return {
    ok: true,
    lock: {
      release: async () => {
        await rm(holderFile, { force: true });
        await release().catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "ERELEASED") throw error;
        });
      },
    },
  };
}

async function readHolder(file: string): Promise<LockHolder | null> {
  try {
    const where = (await stat(file)).isDirectory() ? `${file}${HOLDER_SUFFIX}` : file;
    const value: unknown = JSON.parse(await readFile(where, "utf8"));
    if (typeof value === "object" && value !== null && "pid" in value && "since" in value) {
      const { pid, since } = value as { pid: unknown; since: unknown };
      if (typeof pid === "number" && typeof since === "string") return { pid, since };
    }
    return null;
  } catch {
    return null;
  }
}
