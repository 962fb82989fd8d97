// A conversation replayed from its messages alone (the console's ボットを試す): each message
// answered as a chat would answer it, with which earlier answer each follow-up was resolved against.
import type { Answer, Answerer } from "../answer/index.js";
import { createConversations } from "./conversation.js";
import { type ChatState, createMemoryChatStateStore } from "./store.js";

/** The console replays at most this many messages of one conversation. */
export const MAX_REPLAYED_TURNS = 10;
const CHAT = "console";

export interface ReplayedTurn {
  question: string;
  answer: Answer;
  /** The message read as a follow-up. */
  followUp: boolean;
  /** The earlier turn (0-based) whose answer a follow-up was answered about, and its topic. */
  resolvedAgainst: { turn: number; label: string } | null;
}

export async function replayConversation(
  answerer: Pick<Answerer, "answer">,
  questions: readonly string[],
): Promise<ReplayedTurn[]> {
  const memory = createMemoryChatStateStore({ maxEntries: 1 });
  // Which turn's answer each remembered state came from.
  const turnOf = new Map<ChatState, number>();
  let turn = 0;
  const conversations = createConversations({
    answerer,
    store: {
      get: (key) => memory.get(key),
      delete: (key) => memory.delete(key),
      set: (key, state, ttl) => {
        turnOf.set(state, turn);
        return memory.set(key, state, ttl);
      },
    },
    ttlSeconds: 3600,
  });
  const turns: ReplayedTurn[] = [];
  for (const question of questions.slice(0, MAX_REPLAYED_TURNS)) {
    const { answer, followUp, resolvedAgainst } = await conversations.ask(CHAT, question);
    const against = resolvedAgainst ? turnOf.get(resolvedAgainst) : undefined;
    turns.push({
      question,
      answer,
      followUp,
      resolvedAgainst:
        resolvedAgainst && against !== undefined
          ? { turn: against, label: resolvedAgainst.topic.label }
          : null,
    });
    turn += 1;
  }
  return turns;
}
