// The record database's schema, as ordered migrations. A migration, once released, never changes:
// add a new one. Ids sort in the order they apply: 0001… the conversation record, 0100… the console.
export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    // One row per answered question. Never a raw LINE user id, reply token or message id.
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
    // 「解決しましたか？」: at most one answer per question.
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
    // Whether LINE accepted the reply (1) or refused it or gave no answer in time (0); NULL before this.
    id: "0003-reply-delivered",
    sql: "ALTER TABLE questions ADD COLUMN reply_delivered INTEGER CHECK (reply_delivered IN (0, 1))",
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
