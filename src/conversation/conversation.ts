// A chat's messages answered as a conversation: a message that reads as a follow-up is answered
// about what the chat's previous answer was about, while that is still remembered.
import { type Answer, type Answerer, type PreviousTopic, topicOf } from "../answer/index.js";
import { followUpCue } from "./cues.js";
import type { ChatState, ChatStateStore } from "./store.js";

export const DEFAULT_CONVERSATION_TTL_SECONDS = 600;

export interface ConversationsOptions {
  answerer: Pick<Answerer, "answer">;
  store: ChatStateStore;
  /** How long a chat's last topic is remembered. */
  ttlSeconds: number;
  /** A store that fails (a shared one unreachable) costs the follow-up, never the answer. */
  onStoreError?: (error: unknown) => void;
  now?: () => number;
}

export interface ChatAnswer {
  answer: Answer;
  /** The previous answer a follow-up was answered about; null for a question answered on its own. */
  resolvedAgainst: ChatState | null;
  /**
   * The message read as a follow-up: answered about the previous answer, or (no previous answer
   * remembered, none that fits) answered with no match.
   */
  followUp: boolean;
}

export interface Conversations {
  /** The answer to a chat's message; null `chatKey`: a message with no chat to remember. */
  ask(chatKey: string | null, question: string): Promise<ChatAnswer>;
  /** Keeps what an answer was about (a tapped button's answer too) as the chat's topic. */
  remember(chatKey: string | null, answer: Answer): Promise<void>;
  /** Forgets the chat's topic. */
  reset(chatKey: string): Promise<void>;
}

/** Answers that found nothing end the topic; greetings and thanks between two questions do not. */
const KEEPS_TOPIC: ReadonlySet<Answer["kind"]> = new Set(["greeting", "thanks", "help", "intro", "non-text"]);

export function createConversations(options: ConversationsOptions): Conversations {
  const { answerer, store, ttlSeconds } = options;
  const now = options.now ?? Date.now;
  const failed = (error: unknown) => options.onStoreError?.(error);

  async function stateOf(chatKey: string): Promise<ChatState | null> {
    try {
      return await store.get(chatKey);
    } catch (error) {
      failed(error);
      return null;
    }
  }

  async function remember(chatKey: string | null, answer: Answer): Promise<void> {
    if (chatKey === null) return;
    const topic = topicOf(answer);
    try {
      if (topic) await store.set(chatKey, { topic, answeredAt: now() }, ttlSeconds);
      else if (!KEEPS_TOPIC.has(answer.kind)) await store.delete(chatKey);
    } catch (error) {
      failed(error);
    }
  }

  return {
    async ask(chatKey, question) {
      // Only a message asking an operation looks at the chat's state: other messages cost nothing more.
      const cue = followUpCue(question);
      const state = chatKey !== null && cue ? await stateOf(chatKey) : null;
      const previous: PreviousTopic | undefined = state && cue ? { topic: state.topic, ...cue } : undefined;
      const answer = await answerer.answer(question, previous);
      await remember(chatKey, answer);
      const inner = answer.kind === "english" ? answer.answer : answer;
      return {
        answer,
        resolvedAgainst: answer.followUpOf && state ? state : null,
        followUp: answer.followUpOf !== undefined || (cue !== null && inner.kind === "no-match"),
      };
    },
    remember,
    async reset(chatKey) {
      try {
        await store.delete(chatKey);
      } catch (error) {
        failed(error);
      }
    },
  };
}
