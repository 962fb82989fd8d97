// A consistent copy of the record database while the bot writes to it: SQLite's online backup reads
// the database and its WAL as one snapshot (a plain file copy misses what is still in the WAL).
import { existsSync } from "node:fs";
import path from "node:path";
import { openRecordDatabase, RECORD_DATABASE_FILE } from "./database.js";

/** Copies `<dataDir>/record.sqlite` to `file`; false when there is no record database yet. */
export async function backupRecordDatabase(dataDir: string, file: string): Promise<boolean> {
  if (!existsSync(path.join(dataDir, RECORD_DATABASE_FILE))) return false;
  const db = openRecordDatabase({ dataDir });
  try {
    await db.backup(file);
  } finally {
    db.close();
  }
  return true;
}
