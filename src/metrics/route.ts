// GET /metrics: on the public port behind a bearer token, or on a port of its own (METRICS_PORT,
// loopback by default) without one.
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Metrics } from "./registry.js";

export interface MetricsRouteOptions {
  metrics: Metrics;
  /** Required as `Authorization: Bearer <token>`; null: none (a port of its own). */
  token: string | null;
}

export async function metricsRoute(app: FastifyInstance, options: MetricsRouteOptions): Promise<void> {
  const { metrics, token } = options;
  const expected = token === null ? null : Buffer.from(`Bearer ${token}`);
  app.get("/metrics", { logLevel: "warn" }, async (request, reply) => {
    if (expected) {
      const given = Buffer.from(request.headers.authorization ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return reply
          .code(401)
          .header("www-authenticate", "Bearer")
          .send({ message: "bearer token required" });
    }
    return reply.type(metrics.contentType).send(await metrics.scrape());
  });
}
