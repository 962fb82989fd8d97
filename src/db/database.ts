// The database: SQLite in DATA_DIR by default, PostgreSQL when DATABASE_URL is set. Opening it applies,
// in order, every migration not yet applied, and logs each one.
import { closeSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  type Compilable,
  Kysely,
  type Migration,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type Transaction,
} from "kysely";
import pg from "pg";
import { type LockAttempt, listen, notify, type Subscription, withAdvisoryLock } from "./coordination.js";
import { adoptLegacyMigrations } from "./legacy-sqlite.js";
import { type Engine, type EngineMigration, MIGRATIONS, migrationsFor } from "./migrations.js";
import { type PortableSql, portableSql } from "./portable-sql.js";
import type { DatabaseSchema } from "./schema.js";
import { createSqliteWorker, type SqliteWorker } from "./sqlite-worker.js";

export const SQLITE_DATABASE_FILE = "record.sqlite";
const MIGRATION_TABLE = "kysely_migration";

/** `:memory:` (tests), SQLite in a folder (DATA_DIR/record.sqlite), or a PostgreSQL URL. */
export type DatabaseLocation = ":memory:" | { dataDir: string } | { url: string };

export interface DatabaseLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface DatabaseOptions {
  logger?: DatabaseLogger;
  /** Default: the application's migrations. */
  migrations?: Readonly<Record<string, EngineMigration>>;
  /**
   * SQLite file only: `worker` (default) writes `writeTogether` batches on a worker thread with its own
   * connection; `caller` writes them on the caller's connection (CLIs, tests).
   */
  writeIn?: "worker" | "caller";
}

export type Queries = Kysely<DatabaseSchema>;
export type QueriesInTransaction = Transaction<DatabaseSchema>;

export interface Database {
  readonly engine: Engine;
  /** Typed queries on the one schema. */
  readonly query: Queries;
  /** The expressions spelled differently on each engine. */
  readonly portable: PortableSql;
  /** What it is, for logs: the SQLite file, or PostgreSQL's host and database (never a password). */
  readonly description: string;
  /** Runs the queries in one transaction, off the event loop where the engine would block it. */
  writeTogether(queries: readonly Compilable[]): Promise<void>;
  /**
   * PostgreSQL: runs `work` under the advisory lock `name`, `{ ok: false }` when another session (another
   * replica) holds it. SQLite: null, the caller locks by other means (one process, a file lock).
   */
  withLock<T>(name: string, work: () => Promise<T>): Promise<LockAttempt<T>> | null;
  /** PostgreSQL: NOTIFY on `channel` (delivered on commit when `query` is a transaction). SQLite: nothing. */
  notify(query: Queries | QueriesInTransaction, channel: string, payload: string): Promise<void>;
  /** PostgreSQL: every NOTIFY on `channel`. SQLite: null (no other process to hear from). */
  listen(channel: string, onMessage: (payload: string) => void): Promise<Subscription> | null;
  close(): Promise<void>;
}

export class DatabaseError extends Error {
  override readonly name = "DatabaseError";
  readonly code: "DATABASE_OPEN" | "DATABASE_MIGRATION";

  constructor(code: DatabaseError["code"], message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}

/** PostgreSQL when a URL is configured, otherwise SQLite in the data folder. */
export function databaseLocation(dataDir: string, url: string | null): DatabaseLocation {
  return url ? { url } : { dataDir };
}

const quiet: DatabaseLogger = { info: () => {}, warn: () => {} };

/** Where a PostgreSQL URL points, without its credentials. */
export function describePostgres(url: string): string {
  try {
    const parsed = new URL(url);
    return `PostgreSQL ${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname}`;
  } catch {
    return "PostgreSQL";
  }
}

function openSqlite(location: ":memory:" | { dataDir: string }): { query: Queries; file: string } {
  const file = location === ":memory:" ? ":memory:" : path.join(location.dataDir, SQLITE_DATABASE_FILE);
  try {
    if (location !== ":memory:") {
      // Owner-only: SQLite gives its -wal and -shm files the database file's mode.
      mkdirSync(location.dataDir, { recursive: true, mode: 0o700 });
      closeSync(openSync(file, "a", 0o600));
    }
    const connection = new SQLite(file);
    connection.pragma("journal_mode = WAL");
    connection.pragma("synchronous = NORMAL");
    connection.pragma("foreign_keys = ON");
    connection.pragma("busy_timeout = 5000");
    return {
      query: new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: connection }) }),
      file,
    };
  } catch (cause) {
    throw new DatabaseError("DATABASE_OPEN", `cannot open the database ${file}`, { cause });
  }
}

function openPostgres(url: string, logger: DatabaseLogger): { query: Queries; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server dropped must not end the process; the next query reconnects.
  pool.on("error", (error) => logger.warn({ err: error }, "database: an idle PostgreSQL connection failed"));
  return { query: new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) }), pool };
}

async function migrate(
  query: Queries,
  engine: Engine,
  migrations: Record<string, Migration>,
  logger: DatabaseLogger,
  description: string,
): Promise<void> {
  const untyped = query as unknown as Kysely<unknown>;
  if (engine === "sqlite") {
    const adopted = await adoptLegacyMigrations(untyped, MIGRATION_TABLE);
    if (adopted.length > 0)
      logger.info(
        { migrations: adopted },
        `database: ${description} upgraded from the earlier migration list`,
      );
  }
  const migrator = new Migrator({
    db: untyped,
    provider: { getMigrations: async () => migrations },
    // Branches add migrations with ids in their own ranges; each applies once whatever its position.
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const result of results) {
    if (result.status === "Success")
      logger.info({ migration: result.migrationName, engine }, "database: migration applied");
  }
  if (error) {
    const failed = results.find((result) => result.status === "Error")?.migrationName ?? "(before any)";
    throw new DatabaseError("DATABASE_MIGRATION", `migration ${failed} failed on ${description}`, {
      cause: error,
    });
  }
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(
  location: DatabaseLocation,
  options: DatabaseOptions = {},
): Promise<Database> {
  const logger = options.logger ?? quiet;
  const engine: Engine = typeof location === "object" && "url" in location ? "postgres" : "sqlite";
  let query: Queries;
  let description: string;
  let worker: SqliteWorker | null = null;
  let pool: pg.Pool | null = null;
  const subscriptions = new Set<Subscription>();
  if (typeof location === "object" && "url" in location) {
    ({ query, pool } = openPostgres(location.url, logger));
    description = describePostgres(location.url);
  } else {
    const opened = openSqlite(location);
    query = opened.query;
    description = opened.file;
  }
  try {
    await migrate(
      query,
      engine,
      migrationsFor(engine, options.migrations ?? MIGRATIONS),
      logger,
      description,
    );
  } catch (error) {
    await query.destroy();
    if (error instanceof DatabaseError) throw error;
    throw new DatabaseError("DATABASE_OPEN", `cannot open the database ${description}`, { cause: error });
  }
  if (engine === "sqlite" && location !== ":memory:" && (options.writeIn ?? "worker") === "worker")
    worker = createSqliteWorker(description);

  return {
    engine,
    query,
    portable: portableSql(engine),
    description,
    async writeTogether(queries) {
      if (queries.length === 0) return;
      if (worker) {
        await worker.write(queries.map((q) => q.compile()));
        return;
      }
      await query.transaction().execute(async (trx) => {
        for (const q of queries) await trx.executeQuery(q.compile());
      });
    },
    withLock: (name, work) =>
      engine === "postgres" ? withAdvisoryLock(query as unknown as Kysely<unknown>, name, work) : null,
    async notify(on, channel, payload) {
      if (engine === "postgres") await notify(on as unknown as Kysely<unknown>, channel, payload);
    },
    listen(channel, onMessage) {
      if (!pool) return null;
      return listen(pool, channel, onMessage, logger).then((subscription) => {
        subscriptions.add(subscription);
        return subscription;
      });
    },
    async close() {
      for (const subscription of subscriptions) await subscription.close();
      subscriptions.clear();
      await worker?.close();
      worker = null;
      await query.destroy();
    },
  };
}
