import { randomBytes } from "node:crypto";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { AdminOptions } from "./admin/index.js";
import type { Answer, Answerer, FollowUp } from "./answer/index.js";
import { type Config, DEFAULT_ANSWER_QUEUE, DEFAULT_CONVERSATION, DEFAULT_HTTP_LIMITS } from "./config.js";
import {
  type ChatOrdering,
  type ChatStateStore,
  createConversations,
  createMemoryChatOrdering,
  createMemoryChatStateStore,
  replayConversation,
} from "./conversation/index.js";
import type { BackendHealth, EditionInfo } from "./index/index.js";
import {
  createEventDispatcher,
  createEventHandler,
  createFeedbackLedger,
  createFeedbackResponder,
  createFollowResponder,
  createMetrics,
  DEFAULT_LINE_TIMEOUT_MS,
  type EventDeduper,
  type FollowBook,
  type LineMessage,
  type RenderOptions,
  type ReplyClient,
  type WebhookMetrics,
  webhookRoutes,
} from "./line/index.js";
import type { Logger } from "./logger.js";
import { type Metrics, metricsRoute, registerServiceMetrics } from "./metrics/index.js";
import { type ConversationRecorder, createUserHasher } from "./record/index.js";
import { createMemoryKeys, type SharedState } from "./state/index.js";

export interface AppDeps {
  /** Without `userHash`, user ids are hashed with a key of this process only (logs only). */
  config: Pick<Config, "line" | "webhookBodyLimit"> &
    Partial<
      Pick<Config, "http" | "answerQueue" | "userHash" | "conversation" | "trustProxy" | "lineApiTimeoutMs">
    >;
  logger: Logger;
  answerer: Answerer;
  render: (answer: Answer, options?: RenderOptions) => LineMessage[];
  decodeFollowUp: (data: string) => FollowUp | null;
  /** A LiveEdition fits. */
  live: { health(): Promise<BackendHealth>; current(): { info: EditionInfo; id?: string } };
  /** Null when no channel is configured: /webhook answers 503. */
  replyClient: ReplyClient | null;
  dedupe: EventDeduper;
  metrics?: WebhookMetrics;
  /** The conversation record; absent when it is off (no record, no 「解決しましたか？」). */
  recorder?: ConversationRecorder;
  /** Follows for お知らせ (notify's FollowStore); absent: project cards offer no 「変わったらお知らせ」. */
  follows?: FollowBook;
  /**
   * /readyz is not ready when answers are running and none finished for this long. Default: twice
   * the LINE timeout plus a second (an answer is milliseconds of work and one bounded reply call).
   */
  stuckAfterMs?: number;
  /** How long close() waits for the events already acknowledged. Default 25 s. */
  drainTimeoutMs?: number;
  /**
   * Prometheus metrics of this app. With `token`, GET /metrics on this app requires it as a bearer
   * token; without, the caller serves them elsewhere (server.ts: METRICS_PORT).
   */
  prometheus?: { metrics: Metrics; token?: string };
  /** The staff console under /admin; absent: off. ボットを試す replays conversations with conversation/. */
  admin?: Omit<AdminOptions, "converse">;
  /** Where chats' last topics and their ordering live; in this process's memory by default. */
  chats?: { store: ChatStateStore; ordering: ChatOrdering };
  /**
   * Shared state (memory or Redis): 「解決しましたか？」 taps work on any replica; /readyz reports it, and
   * never fails because of it. Absent: this process's memory.
   */
  sharedState?: Pick<SharedState, "keys" | "status">;
  /**
   * Settles once `answerer` and `live` (and the console's) can be used, when they load after the
   * server listens: until then /readyz answers 503 "starting", events and console requests wait.
   */
  ready?: Promise<unknown>;
}

/** A hop count trusts that many proxies nearest the server (proxy-addr counts hops from 0). */
function trustProxyOf(
  setting: false | number | string[],
): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === "number" ? (_address, hop) => hop < setting : setting;
}

export const DEFAULT_DRAIN_TIMEOUT_MS = 25_000;

/** The Fastify app, not listening. `app.close()` stops accepting, then waits for in-flight replies. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const { config, logger, live, replyClient, recorder } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const prometheus = deps.prometheus?.metrics;
  // Fastify's own lines (one per interface at listen, one per request) would drown the one line per
  // event; it keeps warnings and errors. server.ts logs where it listens, once.
  const httpLogger: FastifyBaseLogger = logger.child({ module: "http" }, { level: "warn" });
  const http = config.http ?? DEFAULT_HTTP_LIMITS;
  const app = Fastify({
    loggerInstance: httpLogger,
    // A proxy's request id is the request's id in the logs (Fastify makes one otherwise).
    requestIdHeader: "x-request-id",
    return503OnClosing: true,
    // request.ip is the client's address only through a proxy named by TRUST_PROXY; else the socket's.
    trustProxy: trustProxyOf(config.trustProxy ?? false),
    // A client sending one byte every few seconds (slowloris) is cut off: the whole request must
    // arrive within requestTimeout, checked every second, and an idle socket closes.
    requestTimeout: http.requestTimeoutMs,
    connectionTimeout: http.connectionTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    http: {
      headersTimeout: Math.min(http.requestTimeoutMs, 10_000),
      connectionsCheckingInterval: 1_000,
    },
  });
  const lineLogger = logger.child({ module: "line" });
  const channelSecret = config.line && replyClient ? config.line.channelSecret : null;
  const feedbackOn = (recorder: ConversationRecorder) => {
    const ledger = createFeedbackLedger(deps.sharedState?.keys ?? createMemoryKeys());
    return {
      recorder,
      ledger,
      respondToFeedback: createFeedbackResponder({ recorder, ledger, answerer: deps.answerer }),
    };
  };

  const conversation = config.conversation ?? DEFAULT_CONVERSATION;
  const chats = deps.chats ?? {
    store: createMemoryChatStateStore({ maxEntries: conversation.maxChats }),
    ordering: createMemoryChatOrdering(),
  };

  const handleEvent = createEventHandler({
    answerer: deps.answerer,
    render: deps.render,
    decodeFollowUp: deps.decodeFollowUp,
    // Never called without a channel: the route answers 503 first.
    replyClient: replyClient ?? {
      reply: async () => ({ ok: false, status: null, requestId: null, detail: "no channel" }),
    },
    dedupe: deps.dedupe,
    metrics,
    hashUser: createUserHasher(config.userHash?.secret ?? randomBytes(32).toString("hex")),
    logger: lineLogger,
    ...(deps.prometheus
      ? {
          observeAnswer: (kind: string, seconds: number) =>
            prometheus?.answerSeconds.observe({ kind }, seconds),
        }
      : {}),
    ...(conversation.ttlSeconds > 0
      ? {
          chats: {
            ordering: chats.ordering,
            conversations: createConversations({
              answerer: deps.answerer,
              store: chats.store,
              ttlSeconds: conversation.ttlSeconds,
              onStoreError: (err) => lineLogger.warn({ err }, "chat state store failed; answered alone"),
            }),
          },
        }
      : {}),
    ...(recorder ? { conversation: feedbackOn(recorder) } : {}),
    ...(deps.follows
      ? { follows: createFollowResponder({ book: deps.follows, answerer: deps.answerer }) }
      : {}),
  });

  let started = deps.ready === undefined;
  const ready = deps.ready?.then(() => {
    started = true;
  });
  // A failed start ends the process (server.ts); nothing here may reject unhandled meanwhile.
  ready?.catch(() => {});

  const dispatcher = createEventDispatcher({
    handleEvent: ready
      ? async (event, mode) => {
          if (!started) await ready;
          return handleEvent(event, mode);
        }
      : handleEvent,
    metrics,
    ...(config.answerQueue ?? DEFAULT_ANSWER_QUEUE),
  });

  app.register(webhookRoutes, {
    channelSecret,
    bodyLimit: config.webhookBodyLimit,
    dispatcher,
    metrics,
    logger: lineLogger,
  });

  // The console's modules (security plugins, views, sign-in) are loaded only when it is on.
  const admin = deps.admin;
  if (admin)
    app.register(async (scope) => {
      if (ready)
        scope.addHook("onRequest", async () => {
          if (!started) await ready;
        });
      const { adminPlugin } = await import("./admin/index.js");
      await scope.register(adminPlugin, {
        prefix: "/admin",
        logger: logger.child({ module: "admin" }),
        ...admin,
        converse: (questions) => replayConversation(admin.answerer, questions),
      });
    });

  if (prometheus) {
    registerServiceMetrics(prometheus, {
      webhook: metrics,
      queues: () => ({ answers: dispatcher.answers, busy: dispatcher.busy }),
      health: () => live.health(),
      edition: () => live.current().info,
      record: () => recorder?.stats() ?? null,
    });
    const token = deps.prometheus?.token;
    if (token) app.register(metricsRoute, { metrics: prometheus, token });
  }

  app.get("/healthz", { logLevel: "warn" }, async () => ({ status: "ok" }));

  const stuckAfterMs = deps.stuckAfterMs ?? 2 * (config.lineApiTimeoutMs ?? DEFAULT_LINE_TIMEOUT_MS) + 1000;

  app.get("/readyz", { logLevel: "warn" }, async (_request, reply) => {
    if (!started) return reply.code(503).send({ status: "starting", state: "starting" });
    let health: BackendHealth;
    try {
      health = await live.health();
    } catch (error) {
      health = { backend: "unknown", state: "unavailable", documents: 0, detail: String(error) };
    }
    const current = live.current();
    const info = current.info;
    const stuck = dispatcher.answers.stalledMs() > stuckAfterMs;
    return reply.code(health.state === "unavailable" || stuck ? 503 : 200).send({
      status: health.state,
      edition: info.edition,
      editionId: current.id ?? null,
      source: info.source,
      indexedAt: info.indexedAt,
      documents: health.documents,
      backend: health.backend,
      state: health.state,
      ...(health.detail ? { detail: health.detail } : {}),
      line: channelSecret ? "configured" : "not configured",
      inFlight: dispatcher.answers.running + dispatcher.busy.running,
      queue: {
        waiting: dispatcher.answers.waiting,
        running: dispatcher.answers.running,
        max: dispatcher.answers.maxQueued,
        concurrency: dispatcher.answers.concurrency,
        busyWaiting: dispatcher.busy.waiting,
        stuck,
      },
      metrics,
      record: recorder ? recorder.stats() : "off",
      ...(deps.sharedState ? { sharedState: deps.sharedState.status() } : {}),
    });
  });

  // close(): Fastify answers every request 503 from now on (return503OnClosing: /readyz is not
  // ready, and LINE delivers new events again later) while it still listens; this hook runs before
  // it stops listening, answers the events already acknowledged within the drain time, and names the rest.
  app.addHook("preClose", async () => {
    const drained = await dispatcher.drain(deps.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS);
    if (!drained) {
      const eventIds = dispatcher.unfinished();
      logger.warn(
        { eventIds, count: eventIds.length },
        "shutdown: events acknowledged but not finished (a reply call may have been under way)",
      );
    }
  });

  return app;
}
