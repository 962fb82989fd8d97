/**
 * Remembers which webhook events were already handled, so a redelivery never answers twice.
 * `claim` returns true the first time an id is seen, false after. It is async so that a shared
 * store (e.g. Redis `SET key 1 NX EX ttl`) can replace the in-memory one when several replicas run.
 */
export interface EventDeduper {
  claim(webhookEventId: string): Promise<boolean>;
}

export interface MemoryDeduperOptions {
  /** How long an id is remembered. LINE redelivers within about an hour; default 2 h. */
  ttlMs?: number;
  /** Bound on remembered ids; the oldest are forgotten first. Default 100 000. */
  maxEntries?: number;
  now?: () => number;
}

/** A bounded TTL set in process memory (one replica). */
export function createMemoryDeduper(options: MemoryDeduperOptions = {}): EventDeduper & { size(): number } {
  const ttlMs = options.ttlMs ?? 2 * 60 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  // Map keeps insertion order, so the first entries are the oldest.
  const seen = new Map<string, number>();

  function evict(at: number): void {
    for (const [id, expiresAt] of seen) {
      if (expiresAt > at && seen.size < maxEntries) break;
      seen.delete(id);
    }
  }

  return {
    claim(webhookEventId) {
      const at = now();
      const expiresAt = seen.get(webhookEventId);
      if (expiresAt !== undefined && expiresAt > at) return Promise.resolve(false);
      seen.delete(webhookEventId);
      evict(at);
      seen.set(webhookEventId, at + ttlMs);
      return Promise.resolve(true);
    },
    size: () => seen.size,
  };
}
