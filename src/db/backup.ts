// A consistent copy of the SQLite database while the bot writes to it: SQLite's online backup reads the
// database and its WAL as one snapshot (a plain file copy misses what is still in the WAL).
import { existsSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { SQLITE_DATABASE_FILE } from "./database.js";

/** Copies `<dataDir>/record.sqlite` to `file`; false when there is no SQLite database yet. */
export async function backupSqliteDatabase(dataDir: string, file: string): Promise<boolean> {
  const source = path.join(dataDir, SQLITE_DATABASE_FILE);
  if (!existsSync(source)) return false;
  const db = new SQLite(source, { fileMustExist: true });
  try {
    await db.backup(file);
  } finally {
    db.close();
  }
  return true;
}
