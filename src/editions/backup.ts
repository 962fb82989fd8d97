// The edition files of DATA_DIR that a backup keeps: the live snapshot, the kept editions (rollback),
// the publish history and the staff dictionaries. Each file is written atomically (rename), so a
// copy of each is whole.
import { cp } from "node:fs/promises";
import path from "node:path";
import { HISTORY_FILE, KEPT_DIR, SNAPSHOT_FILE } from "./snapshot-store.js";
import { STAFF_DICTIONARIES_DIR } from "./staff-dictionaries.js";

const EDITION_PATHS = [SNAPSHOT_FILE, KEPT_DIR, HISTORY_FILE, STAFF_DICTIONARIES_DIR] as const;

/** Copies the edition files of `dataDir` that exist into `target`; returns the names copied. */
export async function backupEditionFiles(dataDir: string, target: string): Promise<string[]> {
  const copied: string[] = [];
  for (const name of EDITION_PATHS) {
    try {
      await cp(path.join(dataDir, name), path.join(target, name), { recursive: true, errorOnExist: false });
      copied.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return copied;
}
