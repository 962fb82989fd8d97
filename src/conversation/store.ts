// Per-chat state: what the chat's last answer was about, kept for a short time. Behind an async
// interface so that a shared store (Redis, for several replicas) can take the memory one's place.
import type { AnswerTopic } from "../answer/index.js";

/** What a chat's state holds. Plain JSON: a shared store serializes it as it is. */
export interface ChatState {
  /** What the last answer was about. */
  topic: AnswerTopic;
  /** When it was answered (ms since the epoch): the console shows it. */
  answeredAt: number;
}

export interface ChatStateStore {
  /** The chat's state, or null when there is none or it has expired. */
  get(chatKey: string): Promise<ChatState | null>;
  /** Keeps the state for `ttlSeconds`, replacing any before it. */
  set(chatKey: string, state: ChatState, ttlSeconds: number): Promise<void>;
  delete(chatKey: string): Promise<void>;
}

/** Past the bound, this share of the chats (the least recently used) is forgotten at once. */
const EVICTION_BATCH_DIVISOR = 64;

export interface MemoryChatStateStoreOptions {
  /** Chats kept at most; past it, the least recently used one is forgotten. */
  maxEntries: number;
  /** Milliseconds now; injected in tests. */
  now?: () => number;
}

export interface MemoryChatStateStore extends ChatStateStore {
  /** Chats held now (expired ones included until touched or evicted). */
  readonly size: number;
}

/**
 * In memory, bounded: a Map in least-recently-used order (a read moves the chat to the end), so the
 * least recently used chats are its first keys. Expired states are dropped when read or evicted.
 */
export function createMemoryChatStateStore(options: MemoryChatStateStoreOptions): MemoryChatStateStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { state: ChatState; expiresAt: number }>();
  // A Map keeps deleted slots until it rehashes, and each fresh iterator walks past them from the
  // start: evicting one chat per insert would cost ever more. A batch per pass keeps it amortized O(1).
  const batch = Math.max(1, Math.ceil(options.maxEntries / EVICTION_BATCH_DIVISOR));
  function evictOldest(): void {
    let left = Math.min(batch, entries.size);
    for (const key of entries.keys()) {
      if (left-- === 0) break;
      entries.delete(key);
    }
  }
  return {
    async get(chatKey) {
      const entry = entries.get(chatKey);
      if (!entry) return null;
      entries.delete(chatKey);
      if (entry.expiresAt <= now()) return null;
      entries.set(chatKey, entry);
      return entry.state;
    },
    async set(chatKey, state, ttlSeconds) {
      entries.delete(chatKey);
      entries.set(chatKey, { state, expiresAt: now() + ttlSeconds * 1000 });
      if (entries.size > options.maxEntries) evictOldest();
    },
    async delete(chatKey) {
      entries.delete(chatKey);
    },
    get size() {
      return entries.size;
    },
  };
}
