import { createMemoryKeys, type KeyStore } from "../state/index.js";

/**
 * Remembers which webhook events were already handled, so a redelivery never answers twice.
 * `claim` returns true the first time an id is seen, false after, on every replica sharing the keys.
 */
export interface EventDeduper {
  claim(webhookEventId: string): Promise<boolean>;
}

/** LINE redelivers within about an hour: ids are remembered for 2 h. */
export const DEDUPE_TTL_MS = 2 * 60 * 60 * 1000;

/** Claims an event with `SET NX` and an expiry on shared keys (memory, or Redis for every replica). */
export function createKeyDeduper(keys: KeyStore, ttlMs = DEDUPE_TTL_MS): EventDeduper {
  return { claim: (webhookEventId) => keys.setIfAbsent(`line-event:${webhookEventId}`, "1", ttlMs) };
}

export interface MemoryDeduperOptions {
  /** How long an id is remembered. Default 2 h. */
  ttlMs?: number;
  /** Bound on remembered ids; the oldest are forgotten first. Default 100 000. */
  maxEntries?: number;
  now?: () => number;
}

/** A deduper of its own in process memory (one replica): tests and the bench. */
export function createMemoryDeduper(options: MemoryDeduperOptions = {}): EventDeduper & { size(): number } {
  const keys = createMemoryKeys({ maxEntries: options.maxEntries, now: options.now });
  return { ...createKeyDeduper(keys, options.ttlMs), size: keys.size };
}
