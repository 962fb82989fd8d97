import type { messagingApi } from "@line/bot-sdk";

export type LineMessage = messagingApi.Message;
export { answeredQuestion, projectsOf } from "./conversation.js";
export { createMemoryDeduper, type EventDeduper, type MemoryDeduperOptions } from "./dedupe.js";
export { classifyEvent, createEventHandler, type EventAction, type EventHandler } from "./events.js";
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
export { createInFlight, type InFlight } from "./in-flight.js";
export { createMetrics, type WebhookMetrics } from "./metrics.js";
export * from "./render/index.js";
export {
  createReplyClient,
  type ReplyClient,
  type ReplyClientOptions,
  type ReplyOutcome,
} from "./reply-client.js";
export { verifySignature } from "./signature.js";
export { type WebhookRouteOptions, webhookRoutes } from "./webhook.js";
