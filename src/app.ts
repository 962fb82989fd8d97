import { randomBytes } from "node:crypto";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { type AdminOptions, adminPlugin } from "./admin/index.js";
import type { Answer, Answerer, FollowUp } from "./answer/index.js";
import { type Config, DEFAULT_ANSWER_QUEUE, DEFAULT_HTTP_LIMITS } from "./config.js";
import type { BackendHealth, EditionInfo } from "./index/index.js";
import {
  createEventDispatcher,
  createEventHandler,
  createFeedbackResponder,
  createMetrics,
  DEFAULT_LINE_TIMEOUT_MS,
  type EventDeduper,
  type LineMessage,
  type ReplyClient,
  type WebhookMetrics,
  webhookRoutes,
} from "./line/index.js";
import type { Logger } from "./logger.js";
import { type Metrics, metricsRoute, registerServiceMetrics } from "./metrics/index.js";
import { type ConversationRecorder, createUserHasher } from "./record/index.js";

export interface AppDeps {
  /** Without `userHash`, user ids are hashed with a key of this process only (logs only). */
  config: Pick<Config, "line" | "webhookBodyLimit"> &
    Partial<Pick<Config, "http" | "answerQueue" | "userHash" | "lineApiTimeoutMs">>;
  logger: Logger;
  answerer: Answerer;
  render: (answer: Answer) => LineMessage[];
  decodeFollowUp: (data: string) => FollowUp | null;
  /** A LiveEdition fits. */
  live: { health(): Promise<BackendHealth>; current(): { info: EditionInfo } };
  /** Null when no channel is configured: /webhook answers 503. */
  replyClient: ReplyClient | null;
  dedupe: EventDeduper;
  metrics?: WebhookMetrics;
  /** The conversation record; absent when it is off (no record, no 「解決しましたか？」). */
  recorder?: ConversationRecorder;
  /**
   * /readyz is not ready when answers are running and none finished for this long. Default: twice
   * the LINE timeout plus a second (an answer is milliseconds of work and one bounded reply call).
   */
  stuckAfterMs?: number;
  /** How long close() waits for the events already acknowledged. Default 25 s. */
  drainTimeoutMs?: number;
  /** The staff console under /admin; absent: off. */
  admin?: AdminOptions;
  /**
   * Prometheus metrics of this app. With `token`, GET /metrics on this app requires it as a bearer
   * token; without, the caller serves them elsewhere (server.ts: METRICS_PORT).
   */
  prometheus?: { metrics: Metrics; token?: string };
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
    ...(recorder
      ? {
          conversation: {
            recorder,
            respondToFeedback: createFeedbackResponder({ recorder, answerer: deps.answerer }),
          },
        }
      : {}),
  });

  const dispatcher = createEventDispatcher({
    handleEvent,
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

  if (deps.admin) app.register(adminPlugin, { prefix: "/admin", ...deps.admin });

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
    let health: BackendHealth;
    try {
      health = await live.health();
    } catch (error) {
      health = { backend: "unknown", state: "unavailable", documents: 0, detail: String(error) };
    }
    const info = live.current().info;
    const stuck = dispatcher.answers.stalledMs() > stuckAfterMs;
    return reply.code(health.state === "unavailable" || stuck ? 503 : 200).send({
      status: health.state,
      edition: info.edition,
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
