// Who did what in the console, and when: publishes (forced or not), rollbacks, dictionary edits, sign-ins.
import type { Database } from "../db/index.js";

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
  }): Promise<AuditEntry>;
  /** Newest first. */
  recent(limit?: number): Promise<AuditEntry[]>;
}

const MAX_DETAIL = 2000;

export function createAuditLog(db: Database, now: () => Date = () => new Date()): AuditLog {
  const { query } = db;
  return {
    async append({ actor, action, target, detail = "", address = "" }) {
      const at = now().toISOString();
      const bounded = detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}…` : detail;
      const { id } = await query
        .insertInto("audit_log")
        .values({ at, actor, action, target, detail: bounded, address })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { id: Number(id), at, actor, action, target, detail: bounded, address };
    },
    async recent(limit = 50) {
      const rows = await query
        .selectFrom("audit_log")
        .select(["id", "at", "actor", "action", "target", "detail", "address"])
        .orderBy("id", "desc")
        .limit(Math.max(1, Math.min(limit, 1000)))
        .execute();
      return rows.map((row) => ({ ...row, id: Number(row.id) }));
    },
  };
}
