// @fastify/rate-limit on the shared store: the limit holds across replicas, per route and client.
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { rateLimitStore, type SharedState } from "../../src/state/index.js";
import { closeStateEngines, STATE_ENGINES } from "../support/state-engines.js";

const apps: FastifyInstance[] = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await closeStateEngines();
});

/** A replica's sign-in route: 3 attempts per client per window. */
async function replica(state: SharedState): Promise<FastifyInstance> {
  const app = Fastify();
  apps.push(app);
  await app.register(rateLimit, { global: false, store: rateLimitStore(state.keys) });
  const limited = { config: { rateLimit: { max: 3, timeWindow: 60_000 } } };
  app.post("/sign-in", limited, async () => ({ ok: true }));
  app.post("/other", limited, async () => ({ ok: true }));
  await app.ready();
  return app;
}

const signIn = (app: FastifyInstance, ip = "203.0.113.7", url = "/sign-in") =>
  app.inject({ method: "POST", url, remoteAddress: ip });

for (const engine of STATE_ENGINES) {
  describe.skipIf(!engine.available)(`rate-limit store: ${engine.name}`, () => {
    it("counts a client's requests on every replica against one limit", async () => {
      const [a, b] = await engine.replicas();
      const first = await replica(a);
      const second = await replica(b);
      const statuses = [];
      for (const app of [first, second, first, second]) statuses.push((await signIn(app)).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await signIn(first);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(60);
      // Another client, and another route, count on their own.
      expect((await signIn(second, "198.51.100.1")).statusCode).toBe(200);
      expect((await signIn(second, "203.0.113.7", "/other")).statusCode).toBe(200);
    });
  });
}
