// `backup <DIR>`: a consistent copy of what DATA_DIR holds that cannot be rebuilt, in a new folder
// under DIR that has DATA_DIR's own layout (restoring is copying it into an empty DATA_DIR).
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { backupSqliteDatabase, SQLITE_DATABASE_FILE } from "../db/index.js";
import { backupEditionFiles } from "../editions/index.js";
import { USER_HASH_KEY_FILE } from "../record/index.js";
import type { CliIo } from "./io.js";
import { cliConfig, parseDataDirArgs } from "./record-file.js";

const USAGE = [
  "usage: npm run backup -- <DIR> [--data-dir DIR]",
  "  writes DIR/backup-<time>/: the record database (online backup), the user-hash key, the live and",
  "  kept editions with their history, and the staff dictionaries. Restore: stop the bot, copy the",
  "  folder's contents into an empty DATA_DIR, start it. With DATABASE_URL (PostgreSQL), back the",
  "  database up with pg_dump; this command still copies the files.",
  "",
].join("\n");

/** Exit 0 written, 1 a copy failed or bad configuration, 2 usage error. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseDataDirArgs("backup", argv, io, USAGE);
  if (!parsed) return 2;
  const [target, ...extra] = parsed.positionals;
  if (!target || extra.length > 0) {
    io.stderr.write(USAGE);
    return 2;
  }
  const config = cliConfig(io, "backup");
  if (!config) return 1;
  const dataDir = path.resolve(io.cwd, parsed.values["data-dir"] ?? config.dataDir);
  const folder = path.join(
    path.resolve(io.cwd, target),
    `backup-${new Date().toISOString().replace(/[:.]/g, "-")}`,
  );
  try {
    // Owner-only: it holds the user-hash key and the record.
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const copied: string[] = [];
    if (await backupSqliteDatabase(dataDir, path.join(folder, SQLITE_DATABASE_FILE)))
      copied.push(SQLITE_DATABASE_FILE);
    if (await copyIfPresent(path.join(dataDir, USER_HASH_KEY_FILE), path.join(folder, USER_HASH_KEY_FILE)))
      copied.push(USER_HASH_KEY_FILE);
    copied.push(...(await backupEditionFiles(dataDir, folder)));
    io.stdout.write(`backup: ${dataDir} → ${copied.length > 0 ? copied.join(", ") : "(nothing to copy)"}\n`);
  } catch (error) {
    io.stderr.write(`backup: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.stdout.write(`${folder}\n`);
  return 0;
}

async function copyIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await copyFile(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
