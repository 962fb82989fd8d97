// Sign-in throttling, kept in the database: failures counted per account, per address and for
// everyone. Past a threshold a key waits, twice as long at each further failure (a progressive
// delay, not a hard lock anyone could put on a name they type), up to a ceiling. Tracks expire;
// none is evicted while active, however many other keys fail.
import { createHash } from "node:crypto";
import { type FailureTrack, normalizeStaffName, type SignInFailureStore } from "../record/index.js";

export interface LockoutOptions {
  /** Failures of one account within `windowMs` before it waits. Default 5. */
  maxFailures?: number;
  /** Failures from one address (any names) before it waits. Default 20. */
  addressMaxFailures?: number;
  /** Failures of everyone together within `windowMs` before every sign-in waits. Default 500. */
  globalMaxFailures?: number;
  /** How long failures are counted, and a track kept after its last lock. Default 15 minutes. */
  windowMs?: number;
  /** The first wait; each further failure doubles it. Default 1 minute. */
  baseDelayMs?: number;
  /** The longest wait. Default 15 minutes. */
  maxDelayMs?: number;
  now?: () => number;
}

export interface SignInKeys {
  /** The name as typed (normalised here; unknown names count too, so nothing tells them apart). */
  account: string;
  /** The client's address. */
  address: string;
}

export type LockScope = "account" | "address" | "global";

export interface LockVerdict {
  /** Milliseconds to wait before trying again; 0: may try now. */
  delayMs: number;
  scope: LockScope | null;
}

export interface Lockout {
  check(keys: SignInKeys): Promise<LockVerdict>;
  /** Counts a failure under every key; returns the verdict after it. */
  fail(keys: SignInKeys): Promise<LockVerdict>;
  /** A right password clears the account's and the address's failures (not everyone's). */
  succeed(keys: SignInKeys): Promise<void>;
}

const hashed = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 32);

export function createLockout(options: LockoutOptions & { store: SignInFailureStore }): Lockout {
  const { store } = options;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const baseDelayMs = options.baseDelayMs ?? 60_000;
  const maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const thresholds: Record<LockScope, number> = {
    account: options.maxFailures ?? 5,
    address: options.addressMaxFailures ?? 20,
    global: options.globalMaxFailures ?? 500,
  };
  // Typed names are stored hashed: the table never holds text an attacker chose.
  const keysOf = (keys: SignInKeys): [LockScope, string][] => [
    ["account", `account:${hashed(normalizeStaffName(keys.account))}`],
    ["address", `address:${keys.address}`],
    ["global", "global"],
  ];

  const verdict = async (keys: SignInKeys, at: number): Promise<LockVerdict> => {
    let worst: LockVerdict = { delayMs: 0, scope: null };
    for (const [scope, key] of keysOf(keys)) {
      const track = await store.read(key, at);
      const delayMs = track ? Math.max(0, track.lockedUntil - at) : 0;
      if (delayMs > worst.delayMs) worst = { delayMs, scope };
    }
    return worst;
  };

  let purgedAt = 0;

  return {
    check: (keys) => verdict(keys, now()),
    async fail(keys) {
      const at = now();
      if (at - purgedAt >= 60_000) {
        await store.purge(at);
        purgedAt = at;
      }
      for (const [scope, key] of keysOf(keys)) {
        const previous = await store.read(key, at);
        const fresh = !previous || at - previous.windowStart >= windowMs;
        const track: FailureTrack = fresh
          ? { failures: 1, windowStart: at, lockedUntil: previous?.lockedUntil ?? 0 }
          : { ...previous, failures: previous.failures + 1 };
        const over = track.failures - thresholds[scope];
        if (over >= 0) {
          const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(over, 30));
          track.lockedUntil = Math.max(track.lockedUntil, at + delay);
        }
        await store.write(key, track, Math.max(track.lockedUntil, track.windowStart + windowMs));
      }
      return verdict(keys, at);
    },
    async succeed(keys) {
      for (const [scope, key] of keysOf(keys)) if (scope !== "global") await store.clear(key);
    },
  };
}
