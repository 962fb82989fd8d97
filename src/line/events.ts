import type { messagingApi } from "@line/bot-sdk";
import { type Answer, type Answerer, clip, type FollowUp } from "../answer/index.js";
import {
  type ChatAnswer,
  type ChatOrdering,
  type Conversations,
  chatKeyOf,
  chatSourceOf,
} from "../conversation/index.js";
import type { Logger } from "../logger.js";
import { type ConversationRecorder, maskPersonalData, type UserHasher } from "../record/index.js";
import { chatKindOf, withFeedback } from "./conversation.js";
import type { EventDeduper } from "./dedupe.js";
import { type FeedbackResponder, isFeedbackData } from "./feedback.js";
import type { FeedbackLedger } from "./feedback-ledger.js";
import { asksFollowList, type FollowResponder, type Tapper } from "./follows.js";
import type { WebhookMetrics } from "./metrics.js";
import { isFollowData, type RenderOptions } from "./render/index.js";
import { type ReplyClient, replyOutcomeName } from "./reply-client.js";

type CannedKind = "greeting" | "intro" | "non-text" | "help";

/** What to do with one webhook event; decided from the event alone. */
export type EventAction =
  | { kind: "answer"; replyToken: string; question: string }
  | { kind: "follow-up"; replyToken: string; data: string }
  | { kind: "canned"; replyToken: string; canned: CannedKind }
  /** The citizen blocked the account: nothing to reply, their follows go. */
  | { kind: "unfollow" }
  | { kind: "ignore"; reason: string }
  | { kind: "invalid"; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** LINE's own limits (platform-notes.md): anything longer did not come from a citizen's LINE app. */
export const EVENT_LIMITS = {
  /** A text message, in UTF-16 units. */
  textLength: 5000,
  postbackDataLength: 300,
  /** Mentionees read from one message; the rest are ignored before any work on them. */
  mentionees: 100,
} as const;

/**
 * Removes the bot's own mentions (`@白井市プラン`) from a group message. Returns null when the
 * bot is not mentioned. `index`/`length` count UTF-16 units, as JS strings do. One pass over the
 * text, whatever the number of mentions.
 */
export function questionFromMention(message: Record<string, unknown>, body: string): string | null {
  const mention = message.mention;
  if (!isRecord(mention) || !Array.isArray(mention.mentionees)) return null;
  const own = mention.mentionees
    .slice(0, EVENT_LIMITS.mentionees)
    .filter((m): m is { index: number; length: number } => isRecord(m) && m.isSelf === true)
    .filter((m) => Number.isInteger(m.index) && Number.isInteger(m.length) && m.index >= 0 && m.length >= 0)
    .sort((a, b) => a.index - b.index);
  if (own.length === 0) return null;
  const kept: string[] = [];
  let from = 0;
  for (const m of own) {
    if (m.index > from) kept.push(body.slice(from, m.index));
    from = Math.max(from, m.index + m.length);
  }
  kept.push(body.slice(from));
  return kept.join("");
}

export function classifyEvent(event: unknown): EventAction {
  if (!isRecord(event) || typeof event.type !== "string") return { kind: "invalid", reason: "no type" };
  if (event.mode === "standby") return { kind: "ignore", reason: "standby" };
  const replyToken = text(event.replyToken);
  switch (event.type) {
    case "message": {
      const message = event.message;
      if (!isRecord(message) || typeof message.type !== "string")
        return { kind: "invalid", reason: "no message" };
      if (!replyToken) return { kind: "invalid", reason: "no replyToken" };
      const source = isRecord(event.source) ? event.source.type : undefined;
      const shared = source === "group" || source === "room";
      if (message.type !== "text") {
        // A sticker or photo can't mention the bot: in a group it is the members' conversation.
        if (shared) return { kind: "ignore", reason: "not mentioned" };
        // Other and future message types get the same polite request for words.
        return { kind: "canned", replyToken, canned: "non-text" };
      }
      const full = text(message.text);
      if (full === null) return { kind: "invalid", reason: "no text" };
      // Bounded before any work; `emojis` and other fields are never read.
      const body = clip(full, EVENT_LIMITS.textLength);
      let question: string | null = body;
      if (shared) {
        question = questionFromMention(message, body);
        if (question === null) return { kind: "ignore", reason: "not mentioned" };
      }
      question = question.trim();
      if (question === "") return { kind: "canned", replyToken, canned: "help" };
      return { kind: "answer", replyToken, question };
    }
    case "postback": {
      if (!replyToken) return { kind: "invalid", reason: "no replyToken" };
      const data = isRecord(event.postback) ? text(event.postback.data) : null;
      if (data === null) return { kind: "invalid", reason: "no postback data" };
      if (data.length > EVENT_LIMITS.postbackDataLength)
        return { kind: "invalid", reason: "postback data too long" };
      return { kind: "follow-up", replyToken, data };
    }
    case "follow":
      return replyToken
        ? { kind: "canned", replyToken, canned: "greeting" }
        : { kind: "invalid", reason: "no replyToken" };
    case "join":
      return replyToken
        ? { kind: "canned", replyToken, canned: "intro" }
        : { kind: "invalid", reason: "no replyToken" };
    case "unfollow":
      return { kind: "unfollow" };
    default:
      // leave, unsend, memberJoined, memberLeft and types LINE adds later.
      return { kind: "ignore", reason: "event type" };
  }
}

export interface EventHandlerDeps {
  answerer: Answerer;
  render: (answer: Answer, options?: RenderOptions) => messagingApi.Message[];
  decodeFollowUp: (data: string) => FollowUp | null;
  replyClient: ReplyClient;
  dedupe: EventDeduper;
  metrics: WebhookMetrics;
  hashUser: UserHasher;
  logger: Logger;
  /** The conversation record and 「解決しましたか？」; absent when the record is off. */
  conversation?: {
    recorder: ConversationRecorder;
    ledger: FeedbackLedger;
    respondToFeedback: FeedbackResponder;
  };
  /** お知らせ (follow a project); absent when there is no store for follows. */
  follows?: FollowResponder;
  /** Follow-ups answered about the chat's previous answer, each chat's messages in order; absent: every message alone. */
  chats?: { conversations: Conversations; ordering: ChatOrdering };
  /** Told each answer's kind and the citizen's wait in seconds (the metrics' latency histogram). */
  observeAnswer?: (kind: string, seconds: number) => void;
}

/**
 * Handles one event end to end. Never rejects: every failure becomes a log line and a counter.
 * "busy" (the answer queue is full) replies with BUSY_TEXT instead of an answer.
 */
export type EventHandler = (event: unknown, mode?: "answer" | "busy", requestId?: string) => Promise<void>;

/** The reply to a question that came in while the answer queue was full. */
export const BUSY_TEXT =
  "ただいまお問い合わせが集中しています。申し訳ありませんが、少し時間をおいてもう一度お送りください。";

export function createEventHandler(deps: EventHandlerDeps): EventHandler {
  const { answerer, render, decodeFollowUp, replyClient, dedupe, metrics, hashUser, logger, conversation } =
    deps;
  const { chats, follows } = deps;

  /** 「お知らせの一覧」 typed, or tapped in the rich menu. */
  function asksList(action: EventAction): boolean {
    if (action.kind === "answer") return asksFollowList(action.question);
    if (action.kind !== "follow-up") return false;
    const request = decodeFollowUp(action.data);
    return request?.kind === "ask" && asksFollowList(request.question);
  }

  async function answerFor(
    action: EventAction & { replyToken: string },
    chatKey: string | null,
  ): Promise<ChatAnswer> {
    if (action.kind === "answer") {
      if (chats) return chats.conversations.ask(chatKey, action.question);
      return { answer: await answerer.answer(action.question), resolvedAgainst: null, followUp: false };
    }
    if (action.kind === "follow-up") {
      const request = decodeFollowUp(action.data);
      const answer = request ? await answerer.followUp(request) : answerer.canned("help");
      // A tapped button's answer is what the chat talks about next.
      await chats?.conversations.remember(chatKey, answer);
      return { answer, resolvedAgainst: null, followUp: false };
    }
    if (action.kind === "canned")
      return { answer: answerer.canned(action.canned), resolvedAgainst: null, followUp: false };
    throw new Error("unreachable");
  }

  return async (event, mode = "answer", requestId) => {
    const started = performance.now();
    metrics.events += 1;
    const record = isRecord(event) ? event : {};
    const source = isRecord(record.source) ? record.source : {};
    const userId = text(source.userId);
    const userHash = userId ? hashUser(userId) : null;
    const line: Record<string, unknown> = {
      type: typeof record.type === "string" ? record.type : undefined,
      source: text(source.type) ?? undefined,
      user: userHash ?? undefined,
      eventId: text(record.webhookEventId) ?? undefined,
      // The webhook request's id: X-Request-Id when the proxy sent one.
      requestId,
    };
    const done = (outcome: string, level: "info" | "warn" | "error" = "info") => {
      line.outcome = outcome;
      const elapsed = performance.now() - started;
      line.latencyMs = Math.round(elapsed * 10) / 10;
      if (typeof line.answer === "string") deps.observeAnswer?.(line.answer, elapsed / 1000);
      logger[level](line, "line event");
    };

    try {
      const action = classifyEvent(event);
      if (action.kind === "invalid") {
        metrics.invalidEvents += 1;
        return done(`invalid: ${action.reason}`, "warn");
      }
      const eventId = text(record.webhookEventId);
      if (eventId && !(await dedupe.claim(eventId))) {
        metrics.duplicates += 1;
        return done("duplicate");
      }
      if (action.kind === "ignore") {
        metrics.ignored += 1;
        return done(`ignored: ${action.reason}`);
      }
      if (action.kind === "unfollow") {
        // Nothing to reply to, as for the events ignored above; the citizen's follows go.
        metrics.ignored += 1;
        if (follows && userHash) line.followsDeleted = await follows.forget(userHash);
        return done("unfollowed");
      }
      const tapper: Tapper = { userId, userHash, chat: chatKindOf(source) };
      if (action.kind === "answer" && logger.isLevelEnabled("debug"))
        logger.debug({ eventId, text: maskPersonalData(action.question) }, "question");

      const chat = chats ? chatSourceOf(source) : null;
      const chatKey = chat ? chatKeyOf(chat, hashUser) : null;
      const respond = async () => {
        let messages: messagingApi.Message[];
        let recordAnswer = (_delivered: boolean) => {};
        if (mode === "busy") {
          metrics.busyReplies += 1;
          line.answer = "busy";
          messages = [{ type: "text", text: BUSY_TEXT }];
        } else if (
          follows &&
          (asksList(action) || (action.kind === "follow-up" && isFollowData(action.data)))
        ) {
          const response = await follows.respond(
            action.kind === "follow-up" ? action.data : { kind: "list" },
            tapper,
          );
          line.follow = response.outcome;
          messages = response.messages;
        } else if (action.kind === "follow-up" && conversation && isFeedbackData(action.data)) {
          const response = await conversation.respondToFeedback(action.data, userHash);
          line.feedback = response.outcome;
          messages = response.messages;
        } else {
          const { answer, resolvedAgainst, followUp } = await answerFor(action, chatKey);
          if (answer.kind === "project") line.projectId = answer.best.id;
          line.answer = answer.kind;
          if (followUp) line.followUp = resolvedAgainst ? "resolved" : "unresolved";
          const follow = await follows?.stateFor(tapper);
          messages = render(answer, follow ? { follow } : {});
          if (conversation && action.kind === "answer") {
            const asked = {
              question: action.question,
              answer,
              userHash,
              chat: chatKindOf(source),
              started,
              followUp,
            };
            ({ messages, record: recordAnswer } = await withFeedback(conversation, asked, messages));
          }
        }
        const result = await replyClient.reply(action.replyToken, messages);
        // After the reply: the latency recorded is the citizen's wait.
        recordAnswer(result.ok);
        if (result.ok) {
          metrics.replies += 1;
          return done("replied");
        }
        metrics.replyFailures += 1;
        const key = replyOutcomeName(result);
        metrics.replyFailuresByStatus[key] = (metrics.replyFailuresByStatus[key] ?? 0) + 1;
        line.status = result.status;
        line.lineRequestId = result.requestId;
        line.detail = result.detail;
        return done("reply failed", "warn");
      };
      // One chat's messages in the order sent; the busy reply has no answer to wait for.
      return chats && chatKey && mode !== "busy"
        ? await chats.ordering.inOrder(chatKey, respond)
        : await respond();
    } catch (error) {
      metrics.handlerErrors += 1;
      line.err = error;
      return done("error", "error");
    }
  };
}
