// The record database a CLI command reads: PostgreSQL when DATABASE_URL is set (and no --data-dir is
// given), otherwise DATA_DIR's (or --data-dir's) SQLite file, opened only when it exists.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "../config.js";
import { type Database, openDatabase, SQLITE_DATABASE_FILE } from "../db/index.js";
import { type ConversationStore, createDatabaseStore } from "../record/index.js";
import type { CliIo } from "./io.js";

/** `<arguments…> [--data-dir DIR]`, or null after writing the usage error (exit 2). */
export function parseDataDirArgs(command: string, argv: string[], io: CliIo, usage: string) {
  try {
    return parseArgs({ args: argv, options: { "data-dir": { type: "string" } }, allowPositionals: true });
  } catch (error) {
    io.stderr.write(`${command}: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return null;
  }
}

/** The configuration, or null after saying on stderr what is wrong with it. */
export function cliConfig(io: CliIo, command: string): Config | null {
  try {
    return loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${command}: ${error.message}\n`);
    return null;
  }
}

/** Where a command finds the record: `--data-dir` when given, else DATABASE_URL, else DATA_DIR. */
export interface RecordPlace {
  dataDir: string;
  databaseUrl: string | null;
}

export function recordPlace(config: Config, dataDirOption: string | undefined): RecordPlace {
  return dataDirOption
    ? { dataDir: dataDirOption, databaseUrl: null }
    : { dataDir: config.dataDir, databaseUrl: config.databaseUrl };
}

/** The database, or null (said on stderr) when there is no SQLite record or it cannot be opened. */
export async function openRecordDatabase(
  io: CliIo,
  command: string,
  place: RecordPlace,
): Promise<Database | null> {
  let location: Parameters<typeof openDatabase>[0];
  if (place.databaseUrl) {
    location = { url: place.databaseUrl };
  } else {
    const directory = path.resolve(io.cwd, place.dataDir);
    const file = path.join(directory, SQLITE_DATABASE_FILE);
    if (!existsSync(file)) {
      io.stderr.write(
        `${command}: no conversation record at ${file} (set DATA_DIR, --data-dir or DATABASE_URL)\n`,
      );
      return null;
    }
    location = { dataDir: directory };
  }
  try {
    return await openDatabase(location, { writeIn: "caller" });
  } catch (error) {
    io.stderr.write(`${command}: ${(error as Error).message}\n`);
    return null;
  }
}

/** The record store of `place`, or null (said on stderr). */
export async function openRecordStore(
  io: CliIo,
  command: string,
  place: RecordPlace,
): Promise<ConversationStore | null> {
  const database = await openRecordDatabase(io, command, place);
  return database ? createDatabaseStore(database) : null;
}
