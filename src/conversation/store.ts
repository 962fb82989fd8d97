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
 * In memory, bounded: a Map in least-recently-used order (a read moves the chat to the end), so
 * eviction is the first key, O(1). Expired states are dropped when read or evicted.
 */
export function createMemoryChatStateStore(options: MemoryChatStateStoreOptions): MemoryChatStateStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { state: ChatState; expiresAt: number }>();
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
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    async delete(chatKey) {
      entries.delete(chatKey);
    },
    get size() {
      return entries.size;
    },
  };
}
