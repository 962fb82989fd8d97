// Who did what in the console, and when: publishes (forced or not), rollbacks, dictionary edits, sign-ins.
import type { RecordDatabase } from "./database.js";

export interface AuditEntry {
  id: number;
  /** ISO time. */
  at: string;
  /** The staff account's name. */
  actor: string;
  /** e.g. "publish", "publish-forced", "rollback", "dictionary-save". */
  action: string;
  /** What it acted on: an edition file, a dictionary file. */
  target: string;
  detail: string;
  /** The client's address (as TRUST_PROXY yields it); "" when not from a request. */
  address: string;
}

export interface AuditLog {
  append(entry: {
    actor: string;
    action: string;
    target: string;
    detail?: string;
    address?: string;
  }): AuditEntry;
  /** Newest first. */
  recent(limit?: number): AuditEntry[];
}

const MAX_DETAIL = 2000;

export function createAuditLog(db: RecordDatabase, now: () => Date = () => new Date()): AuditLog {
  const insert = db.prepare(
    "INSERT INTO audit_log (at, actor, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
  );
  const select = db.prepare<[number], AuditEntry>(
    "SELECT id, at, actor, action, target, detail, address FROM audit_log ORDER BY id DESC LIMIT ?",
  );
  return {
    append({ actor, action, target, detail = "", address = "" }) {
      const at = now().toISOString();
      const bounded = detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}…` : detail;
      const { id } = insert.get(at, actor, action, target, bounded, address) as { id: number };
      return { id, at, actor, action, target, detail: bounded, address };
    },
    recent: (limit = 50) => select.all(Math.max(1, Math.min(limit, 1000))),
  };
}
