// Per-chat state and ordering on shared state (src/state: memory, or Redis for several replicas): a
// follow-up reaching another replica than its antecedent finds the chat's topic there, and one chat's
// messages are answered in order whichever replica each reaches. state/ degrades to per-process
// behaviour while Redis does not answer; the in-process chain below keeps this process's order then.
import type { KeyOrdering, KeyStore } from "../state/index.js";
import { type ChatOrdering, createMemoryChatOrdering } from "./ordering.js";
import type { ChatState, ChatStateStore } from "./store.js";

/** A state's JSON above this is not kept (a topic is ids, a label and a query: well under 1 KB). */
export const MAX_CHAT_STATE_BYTES = 16_384;

const keyOf = (chatKey: string) => `chat-state:${chatKey}`;

/** What another replica (another version of the bot, during a deploy) wrote, if it has the shape. */
function parsed(value: string): ChatState | null {
  try {
    const state = JSON.parse(value) as Partial<ChatState> | null;
    const topic = state?.topic;
    if (typeof state?.answeredAt !== "number" || typeof topic !== "object" || topic === null) return null;
    if (typeof topic.label !== "string" || !Array.isArray(topic.projectIds)) return null;
    return state as ChatState;
  } catch {
    return null;
  }
}

/** Chat states as JSON under `chat-state:<chat key>`, each expiring after its TTL. */
export function createSharedChatStateStore(keys: KeyStore): ChatStateStore {
  return {
    async get(chatKey) {
      const value = await keys.get(keyOf(chatKey));
      return value === null || Buffer.byteLength(value) > MAX_CHAT_STATE_BYTES ? null : parsed(value);
    },
    async set(chatKey, state, ttlSeconds) {
      const value = JSON.stringify(state);
      if (Buffer.byteLength(value) > MAX_CHAT_STATE_BYTES) {
        // The previous topic is no longer the chat's: a follow-up must not inherit it.
        await keys.delete(keyOf(chatKey));
        throw new RangeError(
          `a chat state of ${Buffer.byteLength(value)} bytes is over ${MAX_CHAT_STATE_BYTES}`,
        );
      }
      await keys.set(keyOf(chatKey), value, ttlSeconds * 1000);
    },
    async delete(chatKey) {
      await keys.delete(keyOf(chatKey));
    },
  };
}

/**
 * Shared per-key ordering (state's createKeyOrdering) as a ChatOrdering: each message takes its shared
 * turn as it comes. It also waits for this replica's earlier message of the chat, which took an earlier
 * turn and is normally done already: while Redis does not answer and shared turns are not waited for,
 * this process's order still holds.
 */
export function createSharedChatOrdering(shared: KeyOrdering): ChatOrdering {
  const local = createMemoryChatOrdering();
  return {
    inOrder(chatKey, job) {
      let finish = () => {};
      const held = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const localTurn = new Promise<void>((resolve) => {
        void local.inOrder(chatKey, () => {
          resolve();
          return held;
        });
      });
      return shared
        .inOrder(`chat:${chatKey}`, async () => {
          await localTurn;
          return job();
        })
        .finally(finish);
    },
  };
}
