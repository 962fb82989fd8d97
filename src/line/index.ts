import type { messagingApi } from "@line/bot-sdk";

export type LineMessage = messagingApi.Message;
export { type AnswerQueue, type AnswerQueueOptions, createAnswerQueue } from "./answer-queue.js";
export { answeredQuestion, projectsOf } from "./conversation.js";
export { createMemoryDeduper, type EventDeduper, type MemoryDeduperOptions } from "./dedupe.js";
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
export { createMetrics, type WebhookMetrics } from "./metrics.js";
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
