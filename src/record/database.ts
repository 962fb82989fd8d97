// The one SQLite file in DATA_DIR that holds the conversation record, feedback, staff accounts and the
// audit log. Opening it applies every migration not yet applied, in order, each in its own transaction.
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS, type Migration } from "./migrations.js";

export type RecordDatabase = Database.Database;

export const RECORD_DATABASE_FILE = "record.sqlite";

export class RecordDatabaseError extends Error {
  override readonly name = "RecordDatabaseError";
  readonly code: "RECORD_DATABASE_OPEN" | "RECORD_DATABASE_MIGRATION";

  constructor(code: RecordDatabaseError["code"], message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}

/** Where the migrations applied at open are named (the operator sees each schema change once). */
export interface MigrationLog {
  info(object: object, message: string): void;
}

/** Opens (creating when missing) `<dataDir>/record.sqlite`, or `:memory:` for tests. */
export function openRecordDatabase(
  location: { dataDir: string } | ":memory:",
  migrations: readonly Migration[] = MIGRATIONS,
  log?: MigrationLog,
): RecordDatabase {
  let db: RecordDatabase;
  const file = location === ":memory:" ? ":memory:" : path.join(location.dataDir, RECORD_DATABASE_FILE);
  try {
    if (location !== ":memory:") mkdirSync(location.dataDir, { recursive: true });
    db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
  } catch (cause) {
    throw new RecordDatabaseError("RECORD_DATABASE_OPEN", `cannot open the record database ${file}`, {
      cause,
    });
  }
  try {
    const applied = applyMigrations(db, migrations);
    if (applied.length > 0 && location !== ":memory:")
      log?.info({ migrations: applied, dataDir: location.dataDir }, "record database migrated");
  } catch (cause) {
    db.close();
    throw cause;
  }
  return db;
}

/** Applies, in id order, the migrations the database has not recorded yet. Returns their ids. */
export function applyMigrations(db: RecordDatabase, migrations: readonly Migration[]): string[] {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set(
    db
      .prepare("SELECT id FROM schema_migrations")
      .all()
      .map((row) => (row as { id: string }).id),
  );
  const record = db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)");
  const done: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    if (applied.has(migration.id)) continue;
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        record.run(migration.id, new Date().toISOString());
      })();
    } catch (cause) {
      throw new RecordDatabaseError("RECORD_DATABASE_MIGRATION", `migration ${migration.id} failed`, {
        cause,
      });
    }
    done.push(migration.id);
  }
  return done;
}
