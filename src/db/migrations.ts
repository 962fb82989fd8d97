// The schema as ordered migrations, written with Kysely's schema builder so SQLite and PostgreSQL run
// the same ones. A migration, once released, never changes: add a new one. Names sort in the order they
// apply: 0001… the conversation record, 0100… the console, 0200… the edition registry. The first four keep the ids of the SQL
// migrations that came before them, so an existing record.sqlite upgrades in place (legacy-sqlite.ts).
import { type Kysely, type Migration, sql } from "kysely";

export type Engine = "sqlite" | "postgres";

/** A migration's `up`, given the engine for the few types that differ (an auto-increment key). */
export type EngineMigration = (db: Kysely<unknown>, engine: Engine) => Promise<void>;

const RECORD: Readonly<Record<string, EngineMigration>> = {
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
      .addColumn("id", serialKey(engine), (c) =>
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
  // Console sessions on the server: sign-out, a password reset and removal delete their rows.
  "0102-staff-sessions": async (db) => {
    await db.schema
      .createTable("staff_sessions")
      .addColumn("id_hash", "text", (c) => c.primaryKey())
      .addColumn("account", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("last_seen_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("staff_sessions_account").on("staff_sessions").column("account").execute();
  },
  // Sign-in failures per key, kept until they expire: no flood of other keys evicts an active lock.
  "0103-sign-in-failures": async (db) => {
    await db.schema
      .createTable("sign_in_failures")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("failures", "integer", (c) => c.notNull())
      .addColumn("window_start", "bigint", (c) => c.notNull())
      .addColumn("locked_until", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("sign_in_failures_expires_at")
      .on("sign_in_failures")
      .column("expires_at")
      .execute();
  },
  // The client's address of each console action.
  "0104-audit-address": async (db) => {
    await db.schema
      .alterTable("audit_log")
      .addColumn("address", "text", (c) => c.notNull().defaultTo(""))
      .execute();
  },
  // Account names are folded (NFKC, lower case) from this migration on; fold the ASCII ones kept before it
  // (lower() folds ASCII on both engines' defaults), unless that would join two accounts.
  "0105-staff-names-folded": async (db) => {
    await sql`UPDATE staff_accounts SET name = lower(name)
      WHERE name <> lower(name) AND lower(name) NOT IN (SELECT name FROM staff_accounts)`.execute(db);
  },
  // お知らせ: who follows which project. The raw LINE user id is kept once per citizen, because sending
  // needs it; everything else keys on the hash. Never logged or shown.
  "0300-follows": async (db) => {
    await db.schema
      .createTable("notify_subscribers")
      .addColumn("user_hash", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("notify_follows")
      .addColumn("user_hash", "text", (c) =>
        c.notNull().references("notify_subscribers.user_hash").onDelete("cascade"),
      )
      .addColumn("project_id", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("followed_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("notify_follows_pk", ["user_hash", "project_id"])
      .execute();
    await db.schema.createIndex("notify_follows_project").on("notify_follows").column("project_id").execute();
  },
  // One row per edition and citizen: planned in a batch (with the batch's retry key), then sent.
  "0301-notify-sends": async (db) => {
    await db.schema
      .createTable("notify_sends")
      .addColumn("edition", "text", (c) => c.notNull())
      .addColumn("user_hash", "text", (c) => c.notNull())
      .addColumn("batch_key", "text", (c) => c.notNull())
      .addColumn("batch_index", "integer", (c) => c.notNull())
      .addColumn("news_key", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull().check(sql`state IN ('pending', 'sent')`))
      .addColumn("planned_at", "text", (c) => c.notNull())
      .addColumn("sent_at", "text")
      .addPrimaryKeyConstraint("notify_sends_pk", ["edition", "user_hash"])
      .execute();
    await db.schema
      .createIndex("notify_sends_batch")
      .on("notify_sends")
      .columns(["edition", "batch_key"])
      .execute();
  },
  // Issue #17: whether the message read as a follow-up of the chat's previous answer.
  "0003-question-follow-up": async (db) => {
    await db.schema
      .alterTable("questions")
      .addColumn("follow_up", "integer", (c) => c.notNull().defaultTo(0).check(sql`follow_up IN (0, 1)`))
      .execute();
  },
  // Replicas batch their writes: a 「解決しましたか？」 tap on one replica can be written before the answering
  // replica writes the question. Feedback no longer references its question (a foreign key dropped it);
  // it is joined when read, deleted with its question, and expires after a day when none arrives.
  "0004-feedback-before-question": async (db) => {
    await db.schema
      .createTable("feedback_kept")
      .addColumn("question_id", "text", (c) => c.primaryKey())
      .addColumn("answered_at", "text", (c) => c.notNull())
      .addColumn("resolved", "integer", (c) => c.notNull().check(sql`resolved IN (0, 1)`))
      .execute();
    await sql`INSERT INTO feedback_kept (question_id, answered_at, resolved)
      SELECT question_id, answered_at, resolved FROM feedback`.execute(db);
    await db.schema.dropTable("feedback").execute();
    await db.schema.alterTable("feedback_kept").renameTo("feedback").execute();
  },
  // Issue #16: whether LINE accepted the reply (1) or refused it or gave no answer in time (0); NULL before.
  "0005-reply-delivered": async (db) => {
    await db.schema
      .alterTable("questions")
      .addColumn("reply_delivered", "integer", (c) => c.check(sql`reply_delivered IN (0, 1)`))
      .execute();
  },
};

/** An auto-increment integer key, spelled per engine. */
function serialKey(engine: Engine) {
  return engine === "postgres" ? ("serial" as const) : ("integer" as const);
}

const REGISTRY: Readonly<Record<string, EngineMigration>> = {
  "0200-edition-registry": async (db, engine) => {
    await db.schema
      .createTable("editions")
      .addColumn("id", serialKey(engine), (c) =>
        engine === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn("kept_at", "text", (c) => c.notNull())
      .addColumn("info", "text", (c) => c.notNull())
      .addColumn("snapshot", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("edition_history")
      .addColumn("id", serialKey(engine), (c) =>
        engine === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("entry", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("edition_live")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("edition_id", "integer", (c) => c.notNull().references("editions.id"))
      .addColumn("changed_at", "text", (c) => c.notNull())
      .execute();
  },
};

export const MIGRATIONS: Readonly<Record<string, EngineMigration>> = { ...RECORD, ...REGISTRY };

/** The migrations in Kysely's form, for one engine. */
export function migrationsFor(
  engine: Engine,
  migrations: Readonly<Record<string, EngineMigration>> = MIGRATIONS,
): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(migrations).map(([name, up]) => [name, { up: (db: Kysely<unknown>) => up(db, engine) }]),
  );
}
