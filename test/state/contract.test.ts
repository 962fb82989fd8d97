// One contract for both engines of shared state: memory (one process) and Redis (every replica).
import { afterAll, describe, expect, it } from "vitest";
import { REDIS_SKIP_MESSAGE, TEST_REDIS_URL } from "../support/services.js";
import { closeStateEngines, STATE_ENGINES } from "../support/state-engines.js";

afterAll(closeStateEngines);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the messages `count` handler calls brought, or what came within `ms`. */
function collect(count: number, ms = 2000) {
  const got: string[] = [];
  let resolve: (messages: string[]) => void = () => {};
  const done = new Promise<string[]>((r) => {
    resolve = r;
  });
  const timer = setTimeout(() => resolve(got), ms);
  const handler = (message: string) => {
    got.push(message);
    if (got.length >= count) {
      clearTimeout(timer);
      resolve(got);
    }
  };
  return { handler, done, got };
}

for (const engine of STATE_ENGINES) {
  describe.skipIf(!engine.available)(`shared state contract: ${engine.name}`, () => {
    describe("keys", () => {
      it("sets, reads and deletes a value; an absent key reads null", async () => {
        const [a, b] = await engine.replicas();
        expect(await a.keys.get("chat:1")).toBeNull();
        await a.keys.set("chat:1", "防災訓練", 10_000);
        expect(await b.keys.get("chat:1")).toBe("防災訓練");
        await a.keys.set("chat:1", "景観写真展", 10_000);
        expect(await b.keys.get("chat:1")).toBe("景観写真展");
        await b.keys.delete("chat:1");
        expect(await a.keys.get("chat:1")).toBeNull();
      });

      it("forgets a value once its time is up", async () => {
        const [a, b] = await engine.replicas();
        await a.keys.set("short", "x", 80);
        expect(await b.keys.get("short")).toBe("x");
        await sleep(200);
        expect(await b.keys.get("short")).toBeNull();
      });

      it("setIfAbsent sets once across replicas, and again only after the time is up", async () => {
        const [a, b] = await engine.replicas();
        expect(await a.keys.setIfAbsent("event:01H", "1", 150)).toBe(true);
        expect(await b.keys.setIfAbsent("event:01H", "1", 150)).toBe(false);
        expect(await a.keys.setIfAbsent("event:01H", "1", 150)).toBe(false);
        await sleep(300);
        expect(await b.keys.setIfAbsent("event:01H", "1", 150)).toBe(true);
      });

      it("exactly one of many simultaneous setIfAbsent calls wins", async () => {
        const [a, b] = await engine.replicas();
        const claims = await Promise.all(
          Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).keys.setIfAbsent("race", String(i), 10_000)),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
      });

      it("increment counts hits in one window shared by the replicas, then starts a new one", async () => {
        const [a, b] = await engine.replicas();
        const first = await a.keys.increment("hits", 250);
        expect(first).toEqual({ count: 1, ttlMs: 250 });
        const second = await b.keys.increment("hits", 250);
        expect(second.count).toBe(2);
        expect(second.ttlMs).toBeGreaterThan(0);
        expect(second.ttlMs).toBeLessThanOrEqual(250);
        const counts = await Promise.all(Array.from({ length: 10 }, () => a.keys.increment("hits", 250)));
        expect(counts.map((c) => c.count).sort((x, y) => x - y)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        await sleep(400);
        expect((await b.keys.increment("hits", 250)).count).toBe(1);
      });
    });

    describe("locks", () => {
      it("one holder at a time across replicas; released, it can be taken again", async () => {
        const [a, b] = await engine.replicas();
        const lock = await a.locks.acquire("publish", 10_000);
        expect(lock).not.toBeNull();
        expect(await b.locks.acquire("publish", 10_000)).toBeNull();
        expect(await a.locks.acquire("publish", 10_000)).toBeNull();
        expect(await lock?.release()).toBe(true);
        const next = await b.locks.acquire("publish", 10_000);
        expect(next).not.toBeNull();
        await next?.release();
      });

      it("a lock whose holder never released it frees itself; the late release frees nobody else's", async () => {
        const [a, b] = await engine.replicas();
        const stale = await a.locks.acquire("chat:U1", 100);
        expect(stale).not.toBeNull();
        await sleep(250);
        const fresh = await b.locks.acquire("chat:U1", 10_000);
        expect(fresh).not.toBeNull();
        expect(await stale?.release()).toBe(false);
        expect(await a.locks.acquire("chat:U1", 10_000)).toBeNull();
        expect(await fresh?.release()).toBe(true);
      });
    });

    describe("channel", () => {
      it("a message reaches every replica's subscriber once, the publisher's own included", async () => {
        const [a, b] = await engine.replicas();
        const atA = collect(1);
        const atB = collect(1);
        const other = collect(1, 300);
        await a.channel.subscribe("edition", atA.handler);
        await b.channel.subscribe("edition", atB.handler);
        await b.channel.subscribe("elsewhere", other.handler);
        await a.channel.publish("edition", "2026-12-01T00:00:00Z");
        expect(await atA.done).toEqual(["2026-12-01T00:00:00Z"]);
        expect(await atB.done).toEqual(["2026-12-01T00:00:00Z"]);
        await sleep(200);
        expect(atA.got).toHaveLength(1);
        expect(atB.got).toHaveLength(1);
        expect(await other.done).toEqual([]);
      });

      it("messages arrive in the order published; an unsubscribed handler hears no more", async () => {
        const [a, b] = await engine.replicas();
        const heard = collect(3);
        const unsubscribe = await b.channel.subscribe("order", heard.handler);
        for (const message of ["1", "2", "3"]) await a.channel.publish("order", message);
        expect(await heard.done).toEqual(["1", "2", "3"]);
        await unsubscribe();
        await a.channel.publish("order", "4");
        await sleep(200);
        expect(heard.got).toEqual(["1", "2", "3"]);
      });
    });

    it("reports its engine", async () => {
      const [a] = await engine.replicas();
      expect(a.status()).toMatchObject({ backend: engine.name, connected: true, degradedOperations: 0 });
    });
  });
}

describe.skipIf(TEST_REDIS_URL !== null)("shared state contract: redis", () => {
  it.skip(REDIS_SKIP_MESSAGE, () => {});
});
