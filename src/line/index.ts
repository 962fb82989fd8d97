import type { messagingApi } from "@line/bot-sdk";

export type LineMessage = messagingApi.Message;
export { type AnswerQueue, type AnswerQueueOptions, createAnswerQueue } from "./answer-queue.js";
export { answeredQuestion, projectsOf } from "./conversation.js";
export {
  createKeyDeduper,
  createMemoryDeduper,
  DEDUPE_TTL_MS,
  type EventDeduper,
  type MemoryDeduperOptions,
} from "./dedupe.js";
export {
  createEventDispatcher,
  type DispatchOutcome,
  type EventDispatcher,
  type EventDispatcherOptions,
} from "./dispatch.js";
export {
  BUSY_TEXT,
  classifyEvent,
  createEventHandler,
  EVENT_LIMITS,
  type EventAction,
  type EventHandler,
} from "./events.js";
export {
  asksFeedback,
  createFeedbackResponder,
  decodeFeedback,
  encodeFeedback,
  FEEDBACK_WINDOW_MS,
  type FeedbackOutcome,
  type FeedbackResponder,
  offerFeedback,
} from "./feedback.js";
export { createFeedbackLedger, type FeedbackLedger } from "./feedback-ledger.js";
export {
  asksFollowList,
  createFollowResponder,
  type FollowBook,
  type FollowOutcome,
  type FollowResponder,
  type Tapper,
} from "./follows.js";
export { createMetrics, type WebhookMetrics } from "./metrics.js";
export {
  createMulticastClient,
  type MessageQuota,
  MULTICAST_MAX_RECIPIENTS,
  type MulticastClient,
  MulticastError,
  type MulticastOutcome,
} from "./multicast-client.js";
export * from "./render/index.js";
export {
  createReplyClient,
  DEFAULT_LINE_TIMEOUT_MS,
  type ReplyClient,
  type ReplyClientOptions,
  type ReplyOutcome,
  replyOutcomeName,
} from "./reply-client.js";
export {
  checkRichMenuImage,
  type PublishedRichMenu,
  pngSize,
  publishRichMenu,
  RICH_MENU_ITEMS,
  RICH_MENU_NAME,
  RICH_MENU_SIZE,
  RichMenuError,
  type RichMenuItem,
  richMenuRequest,
} from "./rich-menu.js";
export { verifySignature } from "./signature.js";
export { type WebhookRouteOptions, webhookRoutes } from "./webhook.js";
