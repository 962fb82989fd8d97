import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "../logger.js";
import type { EventDispatcher } from "./dispatch.js";
import type { WebhookMetrics } from "./metrics.js";
import { verifySignature } from "./signature.js";

export interface WebhookRouteOptions {
  /** Null when no channel is configured: the route answers 503. */
  channelSecret: string | null;
  bodyLimit: number;
  dispatcher: EventDispatcher;
  metrics: WebhookMetrics;
  logger: Logger;
}

/**
 * POST /webhook. Register it in its own encapsulated context (plain `app.register`): its JSON
 * parser keeps the raw bytes, which the signature is computed over.
 */
export async function webhookRoutes(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  const { channelSecret, dispatcher, metrics, logger } = options;

  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) => {
    done(null, body);
  });

  if (channelSecret === null) {
    // Answered in onRequest, before the body is read: no size or content-type error hides the reason.
    const unavailable = async (_request: FastifyRequest, reply: FastifyReply) => {
      metrics.requests += 1;
      await reply.code(503).send({ message: "LINE channel is not configured" });
    };
    app.post("/webhook", { logLevel: "warn", onRequest: unavailable }, async (_request, reply) => reply);
    return;
  }

  app.post("/webhook", { bodyLimit: options.bodyLimit, logLevel: "warn" }, async (request, reply) => {
    metrics.requests += 1;
    const raw = request.body;
    if (!Buffer.isBuffer(raw) || !verifySignature(raw, channelSecret, request.headers["x-line-signature"])) {
      metrics.rejectedSignature += 1;
      logger.warn({ ip: request.ip }, "webhook signature rejected");
      return reply.code(401).send({ message: "invalid signature" });
    }
    let events: unknown[];
    try {
      const parsed: unknown = JSON.parse(raw.toString("utf8"));
      const list =
        typeof parsed === "object" && parsed !== null ? (parsed as { events?: unknown }).events : null;
      if (!Array.isArray(list)) throw new Error("no events array");
      events = list;
    } catch {
      metrics.malformedBody += 1;
      logger.warn("webhook body is not a LINE callback");
      return reply.code(400).send({ message: "malformed body" });
    }
    // LINE times out after 2 s: answer first, then work.
    reply.code(200).send();
    let dropped = 0;
    for (const event of events) if (dispatcher.dispatch(event, request.id) === "dropped") dropped++;
    // One line per request, not per event: a flood must not become a flood of log lines.
    if (dropped > 0) logger.warn({ dropped, of: events.length }, "answer queues full; events dropped");
    return reply;
  });
}
