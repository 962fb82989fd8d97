// The schema as ordered migrations, written with Kysely's schema builder so SQLite and PostgreSQL run
// the same ones. A migration, once released, never changes: add a new one. Names sort in the order they
// apply: 0001… the conversation record, 0100… the console. The first four keep the ids of the SQL
// migrations that came before them, so an existing record.sqlite upgrades in place (legacy-sqlite.ts).
import { type Kysely, type Migration, sql } from "kysely";

export type Engine = "sqlite" | "postgres";

/** A migration's `up`, given the engine for the few types that differ (an auto-increment key). */
export type EngineMigration = (db: Kysely<unknown>, engine: Engine) => Promise<void>;

export const MIGRATIONS: Readonly<Record<string, EngineMigration>> = {
  "0001-questions": async (db) => {
    await db.schema
      .createTable("questions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("asked_at", "text", (c) => c.notNull())
      .addColumn("user_hash", "text")
      .addColumn("chat", "text", (c) => c.notNull())
      .addColumn("question", "text", (c) => c.notNull())
      .addColumn("normalized", "text", (c) => c.notNull())
      .addColumn("answer_kind", "text", (c) => c.notNull())
      .addColumn("project_ids", "text", (c) => c.notNull())
      .addColumn("shown_ids", "text", (c) => c.notNull())
      .addColumn("match_strength", "double precision")
      .addColumn("unmatched_words", "text", (c) => c.notNull())
      .addColumn("edition", "text")
      .addColumn("latency_ms", "double precision", (c) => c.notNull())
      .addColumn("feedback_offered", "integer", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("questions_asked_at").on("questions").column("asked_at").execute();
    await db.schema.createIndex("questions_user_hash").on("questions").column("user_hash").execute();
  },
  "0002-feedback": async (db) => {
    await db.schema
      .createTable("feedback")
      .addColumn("question_id", "text", (c) => c.primaryKey().references("questions.id").onDelete("cascade"))
      .addColumn("answered_at", "text", (c) => c.notNull())
      .addColumn("resolved", "integer", (c) => c.notNull().check(sql`resolved IN (0, 1)`))
      .execute();
  },
  "0100-staff-accounts": async (db) => {
    await db.schema
      .createTable("staff_accounts")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("role", "text", (c) => c.notNull().check(sql`role IN ('editor', 'viewer')`))
      .addColumn("password_hash", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("password_changed_at", "text", (c) => c.notNull())
      .execute();
  },
  "0101-audit-log": async (db, engine) => {
    await db.schema
      .createTable("audit_log")
      .addColumn("id", engine === "postgres" ? "serial" : "integer", (c) =>
        engine === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("target", "text", (c) => c.notNull())
      .addColumn("detail", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
  },
  // Issue #17: whether the message read as a follow-up of the chat's previous answer.
  "0003-question-follow-up": async (db) => {
    await db.schema
      .alterTable("questions")
      .addColumn("follow_up", "integer", (c) => c.notNull().defaultTo(0).check(sql`follow_up IN (0, 1)`))
      .execute();
  },
};

/** The migrations in Kysely's form, for one engine. */
export function migrationsFor(
  engine: Engine,
  migrations: Readonly<Record<string, EngineMigration>> = MIGRATIONS,
): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(migrations).map(([name, up]) => [name, { up: (db: Kysely<unknown>) => up(db, engine) }]),
  );
}
