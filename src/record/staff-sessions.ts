// Console sessions kept on the server. The cookie holds a random token; the table keeps only its
// SHA-256 with the account and two times. Timeouts are the caller's policy; this only stores.
import { createHash, randomBytes } from "node:crypto";
import type { RecordDatabase } from "./database.js";

export interface StaffSession {
  account: string;
  /** Epoch milliseconds. */
  createdAt: number;
  lastSeenAt: number;
}

export interface StaffSessionStore {
  /** A new session for the account; returns the token the cookie carries. */
  start(account: string, at: number): string;
  find(token: string): StaffSession | null;
  touch(token: string, at: number): void;
  end(token: string): void;
  /** Ends every session of the account (sign-out everywhere, password reset, removal). */
  endAll(account: string): void;
  /** Deletes sessions started before `createdBefore` or idle since before `seenBefore`. */
  purge(createdBefore: number, seenBefore: number): number;
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

interface Row {
  account: string;
  created_at: number;
  last_seen_at: number;
}

export function createStaffSessions(db: RecordDatabase): StaffSessionStore {
  const insert = db.prepare(
    "INSERT INTO staff_sessions (id_hash, account, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
  );
  const select = db.prepare<[string], Row>(
    "SELECT account, created_at, last_seen_at FROM staff_sessions WHERE id_hash = ?",
  );
  const update = db.prepare("UPDATE staff_sessions SET last_seen_at = ? WHERE id_hash = ?");
  const deleteOne = db.prepare("DELETE FROM staff_sessions WHERE id_hash = ?");
  const deleteAccount = db.prepare("DELETE FROM staff_sessions WHERE account = ?");
  const deleteOld = db.prepare("DELETE FROM staff_sessions WHERE created_at < ? OR last_seen_at < ?");

  return {
    start(account, at) {
      const token = randomBytes(32).toString("base64url");
      insert.run(hashOf(token), account, at, at);
      return token;
    },
    find(token) {
      const row = select.get(hashOf(token));
      return row ? { account: row.account, createdAt: row.created_at, lastSeenAt: row.last_seen_at } : null;
    },
    touch: (token, at) => void update.run(at, hashOf(token)),
    end: (token) => void deleteOne.run(hashOf(token)),
    endAll: (account) => void deleteAccount.run(account),
    purge: (createdBefore, seenBefore) => deleteOld.run(createdBefore, seenBefore).changes,
  };
}
