import { mkdir, open, readFile, rm } from "node:fs/promises";
import path from "node:path";

export const PUBLISH_LOCK_FILE = "reindex.lock";

export interface PublishLock {
  release(): Promise<void>;
}

/** Who holds the lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  since: string;
}

export type LockResult =
  | { ok: true; lock: PublishLock }
  | { ok: false; holder: LockHolder | null; file: string };

/**
 * One publish or rollback at a time per DATA_DIR: two staff members reindexing at once must not
 * interleave their snapshots or delete each other's temporary Meilisearch index. The lock is a file
 * created exclusively; a crashed run leaves it behind, and the message says which file to remove.
 */
export async function acquirePublishLock(dataDir: string, now = new Date()): Promise<LockResult> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, PUBLISH_LOCK_FILE);
  try {
    const handle = await open(file, "wx");
    const holder: LockHolder = { pid: process.pid, since: now.toISOString() };
    await handle.writeFile(`${JSON.stringify(holder)}\n`);
    await handle.close();
    return { ok: true, lock: { release: () => rm(file, { force: true }) } };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { ok: false, holder: await readHolder(file), file };
  }
}

async function readHolder(file: string): Promise<LockHolder | null> {
  try {
    const value: unknown = JSON.parse(await readFile(file, "utf8"));
    if (typeof value === "object" && value !== null && "pid" in value && "since" in value) {
      const { pid, since } = value as { pid: unknown; since: unknown };
      if (typeof pid === "number" && typeof since === "string") return { pid, since };
    }
    return null;
  } catch {
    return null;
  }
}
