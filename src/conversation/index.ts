export { type ChatSource, chatKeyOf, chatSourceOf } from "./chat-key.js";
export {
  type ChatAnswer,
  type Conversations,
  type ConversationsOptions,
  createConversations,
  DEFAULT_CONVERSATION_TTL_SECONDS,
} from "./conversation.js";
export { type FollowUpCue, followUpCue, MAX_FOLLOW_UP_LENGTH } from "./cues.js";
export { type ChatOrdering, createMemoryChatOrdering, type MemoryChatOrdering } from "./ordering.js";
export { MAX_REPLAYED_TURNS, type ReplayedTurn, replayConversation } from "./replay.js";
export {
  createSharedChatOrdering,
  createSharedChatStateStore,
  MAX_CHAT_STATE_BYTES,
} from "./shared-store.js";
export {
  type ChatState,
  type ChatStateStore,
  createMemoryChatStateStore,
  type MemoryChatStateStore,
  type MemoryChatStateStoreOptions,
} from "./store.js";
