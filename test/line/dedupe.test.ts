import { describe, expect, it } from "vitest";
import { createMemoryDeduper } from "../../src/line/dedupe.js";

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
