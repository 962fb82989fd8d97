// Shared state for one process: bounded maps with expiry, locks over them, an in-process channel.
import { randomBytes } from "node:crypto";
import type { Channel, KeyStore, Locks, SharedState, StateLogger } from "./types.js";

export interface MemoryStateOptions {
  /** Bound on keys held; the oldest are forgotten first. Default 100 000. */
  maxEntries?: number;
  now?: () => number;
  /** Where a channel handler's error is reported; without one it is thrown (an uncaught error). */
  logger?: StateLogger;
}

interface Entry {
  value: string;
  expiresAt: number;
}

export type MemoryKeyStore = KeyStore & {
  /** Keys held now, expired ones not yet swept included. */
  size(): number;
};

export function createMemoryKeys(options: MemoryStateOptions = {}): MemoryKeyStore {
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  // Map keeps insertion order (a write re-inserts), so the first entries are the oldest.
  const entries = new Map<string, Entry>();

  function live(key: string, at: number): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.expiresAt > at) return entry;
    if (entry) entries.delete(key);
    return undefined;
  }

  function put(key: string, entry: Entry, at: number): void {
    entries.delete(key);
    for (const [oldest, { expiresAt }] of entries) {
      if (expiresAt > at && entries.size < maxEntries) break;
      entries.delete(oldest);
    }
    entries.set(key, entry);
  }

  return {
    async get(key) {
      return live(key, now())?.value ?? null;
    },
    async set(key, value, ttlMs) {
      const at = now();
      put(key, { value, expiresAt: at + ttlMs }, at);
    },
    async setIfAbsent(key, value, ttlMs) {
      const at = now();
      if (live(key, at)) return false;
      put(key, { value, expiresAt: at + ttlMs }, at);
      return true;
    },
    async delete(key) {
      entries.delete(key);
    },
    async increment(key, windowMs) {
      const at = now();
      const entry = live(key, at);
      if (!entry) {
        put(key, { value: "1", expiresAt: at + windowMs }, at);
        return { count: 1, ttlMs: windowMs };
      }
      entry.value = String(Number(entry.value) + 1);
      return { count: Number(entry.value), ttlMs: entry.expiresAt - at };
    },
    size: () => entries.size,
  };
}

/** A random token naming one holder of a lock. */
export function lockToken(): string {
  return randomBytes(12).toString("base64url");
}

export function createMemoryLocks(keys: KeyStore): Locks {
  return {
    async acquire(name, ttlMs) {
      const token = lockToken();
      if (!(await keys.setIfAbsent(name, token, ttlMs))) return null;
      return {
        async release() {
          if ((await keys.get(name)) !== token) return false;
          await keys.delete(name);
          return true;
        },
      };
    },
  };
}

export function createMemoryChannel(logger?: StateLogger): Channel {
  const handlers = new Map<string, Set<(message: string) => void>>();
  return {
    async publish(channel, message) {
      // A copy: a handler that unsubscribes while called does not skip the next one.
      for (const handler of [...(handlers.get(channel) ?? [])]) {
        // Asynchronous, as over Redis: the publisher never runs inside its subscribers.
        queueMicrotask(() => {
          try {
            handler(message);
          } catch (error) {
            if (!logger) throw error;
            logger.warn({ err: error, channel }, "a channel subscriber failed");
          }
        });
      }
    },
    async subscribe(channel, handler) {
      const own = (message: string) => handler(message);
      const set = handlers.get(channel) ?? new Set();
      set.add(own);
      handlers.set(channel, set);
      return async () => {
        set.delete(own);
        if (set.size === 0) handlers.delete(channel);
      };
    },
  };
}

/** Shared state of this process only: the default, and what Redis falls back to. */
export function createMemoryState(options: MemoryStateOptions = {}): SharedState {
  const keys = createMemoryKeys(options);
  return {
    keys,
    locks: createMemoryLocks(keys),
    channel: createMemoryChannel(options.logger),
    status: () => ({ backend: "memory", connected: true, degradedOperations: 0, outages: 0 }),
    close: async () => {},
  };
}
