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
  {
    // Console sessions on the server: the cookie carries a random id, the table its SHA-256, so a
    // copy of the database signs nobody in. Sign-out, a password reset and removal delete rows.
    id: "0102-staff-sessions",
    sql: `CREATE TABLE staff_sessions (
      id_hash TEXT PRIMARY KEY,
      account TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX staff_sessions_account ON staff_sessions (account);
    CREATE INDEX staff_sessions_last_seen ON staff_sessions (last_seen_at)`,
  },
  {
    // Sign-in failures per key (an account, an address, everyone), kept until they expire, so no
    // number of other failures can push an active lock out.
    id: "0103-sign-in-failures",
    sql: `CREATE TABLE sign_in_failures (
      key TEXT PRIMARY KEY,
      failures INTEGER NOT NULL,
      window_start INTEGER NOT NULL,
      locked_until INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX sign_in_failures_expires_at ON sign_in_failures (expires_at)`,
  },
  {
    // The client's address (as TRUST_PROXY yields it) of each console action.
    id: "0104-audit-address",
    sql: `ALTER TABLE audit_log ADD COLUMN address TEXT NOT NULL DEFAULT ''`,
  },
  {
    // Account names are folded (NFKC, lower case) since this release; fold the ASCII ones kept
    // before it (SQLite's lower() folds ASCII only), unless that would join two accounts.
    id: "0105-staff-names-folded",
    sql: `UPDATE staff_accounts SET name = lower(name)
      WHERE name <> lower(name) AND lower(name) NOT IN (SELECT name FROM staff_accounts)`,
  },
];
