// The record database a CLI command reads: DATA_DIR's (or --data-dir's), opened only when it exists.
import { existsSync } from "node:fs";
import path from "node:path";
import { type Config, ConfigError, loadConfig } from "../config.js";
import {
  type ConversationStore,
  createSqliteStore,
  openRecordDatabase,
  RECORD_DATABASE_FILE,
} from "../record/index.js";
import type { CliIo } from "./io.js";

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

/** The store over `<dataDir>/record.sqlite`, or null (said on stderr) when there is no record. */
export function openRecordStore(io: CliIo, command: string, dataDir: string): ConversationStore | null {
  const directory = path.resolve(io.cwd, dataDir);
  const file = path.join(directory, RECORD_DATABASE_FILE);
  if (!existsSync(file)) {
    io.stderr.write(`${command}: no conversation record at ${file} (set DATA_DIR or --data-dir)\n`);
    return null;
  }
  return createSqliteStore(openRecordDatabase({ dataDir: directory }), { writeIn: "caller" });
}
