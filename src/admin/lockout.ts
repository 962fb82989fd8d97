// Sign-in lockout: after repeated failures for one user name, refuse it for a while, right password or not.

export interface LockoutOptions {
  /** Failures within `windowMs` that lock the name. Default 5. */
  maxFailures?: number;
  windowMs?: number;
  /** How long a locked name stays locked. Default 15 minutes. */
  lockMs?: number;
  /** Names remembered at most (oldest dropped first), so guessing names cannot fill memory. */
  maxTracked?: number;
  now?: () => number;
}

export interface Lockout {
  /** Milliseconds until `name` may try again; 0 when it may now. */
  lockedFor(name: string): number;
  /** Counts a failure; returns true when this one locks the name. */
  fail(name: string): boolean;
  succeed(name: string): void;
}

interface Track {
  failures: number[];
  lockedUntil: number;
}

export function createLockout(options: LockoutOptions = {}): Lockout {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const lockMs = options.lockMs ?? 15 * 60_000;
  const maxTracked = options.maxTracked ?? 10_000;
  const now = options.now ?? Date.now;
  const tracks = new Map<string, Track>();
  const key = (name: string) => name.normalize("NFKC").toLowerCase();

  return {
    lockedFor(name) {
      const track = tracks.get(key(name));
      return track ? Math.max(0, track.lockedUntil - now()) : 0;
    },
    fail(name) {
      const k = key(name);
      const at = now();
      const track = tracks.get(k) ?? { failures: [], lockedUntil: 0 };
      tracks.delete(k); // re-inserted last: Map order is the eviction order
      track.failures = [...track.failures.filter((t) => at - t < windowMs), at].slice(-maxFailures);
      const locks = track.failures.length >= maxFailures;
      if (locks) {
        track.lockedUntil = at + lockMs;
        track.failures = [];
      }
      tracks.set(k, track);
      if (tracks.size > maxTracked) {
        const oldest = tracks.keys().next().value;
        if (oldest !== undefined) tracks.delete(oldest);
      }
      return locks;
    },
    succeed(name) {
      tracks.delete(key(name));
    },
  };
}
