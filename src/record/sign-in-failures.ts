// Failed sign-ins per key (an account, an address, everyone) in the database. A row stays until it
// expires, however many other keys fail: nothing active is ever evicted. The policy (how many
// failures lock, for how long) is the caller's; this only stores.
import type { Database } from "../db/index.js";

export interface FailureTrack {
  failures: number;
  /** Epoch milliseconds: when the failures counted began. */
  windowStart: number;
  /** Epoch milliseconds; 0 when not locked. */
  lockedUntil: number;
}

export interface SignInFailureStore {
  /** The key's track, or null when it has none or it expired. */
  read(key: string, now: number): Promise<FailureTrack | null>;
  write(key: string, track: FailureTrack, expiresAt: number): Promise<void>;
  clear(key: string): Promise<void>;
  /** Deletes expired tracks. */
  purge(now: number): Promise<void>;
}

export function createSignInFailures(db: Database): SignInFailureStore {
  const { query } = db;
  return {
    async read(key, now) {
      const row = await query
        .selectFrom("sign_in_failures")
        .select(["failures", "window_start", "locked_until"])
        .where("key", "=", key)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      // PostgreSQL returns bigint columns as text.
      return row
        ? {
            failures: Number(row.failures),
            windowStart: Number(row.window_start),
            lockedUntil: Number(row.locked_until),
          }
        : null;
    },
    async write(key, track, expiresAt) {
      const values = {
        failures: track.failures,
        window_start: track.windowStart,
        locked_until: track.lockedUntil,
        expires_at: expiresAt,
      };
      await query
        .insertInto("sign_in_failures")
        .values({ key, ...values })
        .onConflict((oc) => oc.column("key").doUpdateSet(values))
        .execute();
    },
    async clear(key) {
      await query.deleteFrom("sign_in_failures").where("key", "=", key).execute();
    },
    async purge(now) {
      await query.deleteFrom("sign_in_failures").where("expires_at", "<=", now).execute();
    },
  };
}
