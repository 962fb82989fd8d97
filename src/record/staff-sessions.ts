// Console sessions kept on the server. The cookie holds a random token; the table keeps only its
// SHA-256 with the account and two times. Timeouts are the caller's policy; this only stores.
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../db/index.js";

export interface StaffSession {
  account: string;
  /** Epoch milliseconds. */
  createdAt: number;
  lastSeenAt: number;
}

export interface StaffSessionStore {
  /** A new session for the account; returns the token the cookie carries. */
  start(account: string, at: number): Promise<string>;
  find(token: string): Promise<StaffSession | null>;
  touch(token: string, at: number): Promise<void>;
  end(token: string): Promise<void>;
  /** Ends every session of the account (password reset, removal, a changed password). */
  endAll(account: string): Promise<void>;
  /** Deletes sessions started before `createdBefore` or idle since before `seenBefore`. */
  purge(createdBefore: number, seenBefore: number): Promise<void>;
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export function createStaffSessions(db: Database): StaffSessionStore {
  const { query } = db;
  return {
    async start(account, at) {
      const token = randomBytes(32).toString("base64url");
      await query
        .insertInto("staff_sessions")
        .values({ id_hash: hashOf(token), account, created_at: at, last_seen_at: at })
        .execute();
      return token;
    },
    async find(token) {
      const row = await query
        .selectFrom("staff_sessions")
        .selectAll()
        .where("id_hash", "=", hashOf(token))
        .executeTakeFirst();
      // PostgreSQL returns bigint columns as text.
      return row
        ? { account: row.account, createdAt: Number(row.created_at), lastSeenAt: Number(row.last_seen_at) }
        : null;
    },
    async touch(token, at) {
      await query
        .updateTable("staff_sessions")
        .set({ last_seen_at: at })
        .where("id_hash", "=", hashOf(token))
        .execute();
    },
    async end(token) {
      await query.deleteFrom("staff_sessions").where("id_hash", "=", hashOf(token)).execute();
    },
    async endAll(account) {
      await query.deleteFrom("staff_sessions").where("account", "=", account).execute();
    },
    async purge(createdBefore, seenBefore) {
      await query
        .deleteFrom("staff_sessions")
        .where((eb) => eb.or([eb("created_at", "<", createdBefore), eb("last_seen_at", "<", seenBefore)]))
        .execute();
    },
  };
}
