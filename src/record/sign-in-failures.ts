// Failed sign-ins per key (an account, an address, everyone) in the record database. A row stays
// until it expires, however many other keys fail: nothing active is ever evicted. The policy (how
// many failures lock, for how long) is the caller's; this only stores.
import type { RecordDatabase } from "./database.js";

export interface FailureTrack {
  failures: number;
  /** Epoch milliseconds: when the failures counted began. */
  windowStart: number;
  /** Epoch milliseconds; 0 when not locked. */
  lockedUntil: number;
}

export interface SignInFailureStore {
  /** The key's track, or null when it has none or it expired. */
  read(key: string, now: number): FailureTrack | null;
  write(key: string, track: FailureTrack, expiresAt: number): void;
  clear(key: string): void;
  /** Deletes expired tracks; returns how many. */
  purge(now: number): number;
}

interface Row {
  failures: number;
  window_start: number;
  locked_until: number;
}

export function createSignInFailures(db: RecordDatabase): SignInFailureStore {
  const select = db.prepare<[string, number], Row>(
    "SELECT failures, window_start, locked_until FROM sign_in_failures WHERE key = ? AND expires_at > ?",
  );
  const upsert = db.prepare(
    `INSERT INTO sign_in_failures (key, failures, window_start, locked_until, expires_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
       locked_until = excluded.locked_until, expires_at = excluded.expires_at`,
  );
  const deleteOne = db.prepare("DELETE FROM sign_in_failures WHERE key = ?");
  const deleteExpired = db.prepare("DELETE FROM sign_in_failures WHERE expires_at <= ?");

  return {
    read(key, now) {
      const row = select.get(key, now);
      return row
        ? { failures: row.failures, windowStart: row.window_start, lockedUntil: row.locked_until }
        : null;
    },
    write: (key, track, expiresAt) =>
      void upsert.run(key, track.failures, track.windowStart, track.lockedUntil, expiresAt),
    clear: (key) => void deleteOne.run(key),
    purge: (now) => deleteExpired.run(now).changes,
  };
}
