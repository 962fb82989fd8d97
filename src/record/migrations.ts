// The record database's schema, as ordered migrations. A migration, once released, never changes:
// add a new one. Ids sort in the order they apply: 0001… the conversation record, 0100… the console.
export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
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
