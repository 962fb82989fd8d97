// A record.sqlite as the bot wrote it before the database moved to Kysely: its own SQL migrations,
// listed in `schema_migrations`. Kept verbatim, so the upgrade is tested against the real thing.
import path from "node:path";
import SQLite from "better-sqlite3";

const LEGACY_MIGRATIONS = [
  {
    id: "0001-questions",
    sql: `
      CREATE TABLE questions (
        id TEXT PRIMARY KEY,
        asked_at TEXT NOT NULL,
        user_hash TEXT,
        chat TEXT NOT NULL,
        question TEXT NOT NULL,
        normalized TEXT NOT NULL,
        answer_kind TEXT NOT NULL,
        project_ids TEXT NOT NULL,
        shown_ids TEXT NOT NULL,
        match_strength REAL,
        unmatched_words TEXT NOT NULL,
        edition TEXT,
        latency_ms REAL NOT NULL,
        feedback_offered INTEGER NOT NULL
      );
      CREATE INDEX questions_asked_at ON questions (asked_at);
      CREATE INDEX questions_user_hash ON questions (user_hash);
    `,
  },
  {
    id: "0002-feedback",
    sql: `
      CREATE TABLE feedback (
        question_id TEXT PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
        answered_at TEXT NOT NULL,
        resolved INTEGER NOT NULL CHECK (resolved IN (0, 1))
      );
    `,
  },
  {
    id: "0100-staff-accounts",
    sql: `CREATE TABLE staff_accounts (
      name TEXT PRIMARY KEY,
      role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
      password_hash TEXT NOT NULL,
      created_at TEXT NOT NULL,
      password_changed_at TEXT NOT NULL
    ) STRICT`,
  },
  {
    id: "0101-audit-log",
    sql: `CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL,
      detail TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_log_at ON audit_log (at)`,
  },
];

/** Writes `<dataDir>/record.sqlite` in the old format with one question, its feedback, an account and a log entry. */
export function writeLegacyRecord(dataDir: string): void {
  const db = new SQLite(path.join(dataDir, "record.sqlite"));
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  for (const migration of LEGACY_MIGRATIONS) {
    db.exec(migration.sql);
    db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)").run(
      migration.id,
      "2026-04-01T00:00:00.000Z",
    );
  }
  db.prepare(
    `INSERT INTO questions VALUES ('legacy0000000001', '2026-10-01T01:00:00.000Z', 'aaaaaaaaaaaaaaaa', 'user',
      '防災訓練は？', '防災訓練は', 'project', '["2-1-2-1"]', '["2-1-2-1"]', 1, '[]', '平成30年7月', 3.5, 1)`,
  ).run();
  db.prepare("INSERT INTO feedback VALUES ('legacy0000000001', '2026-10-01T01:01:00.000Z', 1)").run();
  db.prepare(
    "INSERT INTO staff_accounts VALUES ('sato', 'editor', '$argon2id$v=19$m=19456,t=2,p=1$x$y', '2026-04-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z')",
  ).run();
  db.prepare(
    "INSERT INTO audit_log (at, actor, action, target, detail) VALUES ('2026-04-02T00:00:00.000Z', 'sato', 'publish', 'plan.txt', '')",
  ).run();
  db.close();
}
