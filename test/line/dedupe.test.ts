import { afterAll, describe, expect, it } from "vitest";
import { createKeyDeduper, createMemoryDeduper } from "../../src/line/dedupe.js";
import { closeStateEngines, STATE_ENGINES } from "../support/state-engines.js";

afterAll(closeStateEngines);

describe("createMemoryDeduper", () => {
  it("claims an id once, and again only after its TTL", async () => {
    let now = 0;
    const dedupe = createMemoryDeduper({ ttlMs: 1000, now: () => now });
    expect(await dedupe.claim("a")).toBe(true);
    expect(await dedupe.claim("a")).toBe(false);
    now = 999;
    expect(await dedupe.claim("a")).toBe(false);
    now = 1000;
    expect(await dedupe.claim("a")).toBe(true);
  });

  it("stays bounded, forgetting the oldest ids first", async () => {
    const dedupe = createMemoryDeduper({ maxEntries: 3 });
    for (const id of ["a", "b", "c", "d"]) expect(await dedupe.claim(id)).toBe(true);
    expect(dedupe.size()).toBe(3);
    expect(await dedupe.claim("d")).toBe(false);
    expect(await dedupe.claim("a")).toBe(true);
  });
});

for (const engine of STATE_ENGINES) {
  describe.skipIf(!engine.available)(`createKeyDeduper on ${engine.name}`, () => {
    it("a redelivery reaching another replica, even at the same moment, is claimed once", async () => {
      const [a, b] = await engine.replicas();
      const replicas = [createKeyDeduper(a.keys), createKeyDeduper(b.keys)];
      const id = "01JEXAMPLEREDELIVERY000001";
      const claims = await Promise.all([...replicas, ...replicas].map((replica) => replica.claim(id)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await replicas[1]?.claim("01JEXAMPLEOTHEREVENT000002")).toBe(true);
    });
  });
}
