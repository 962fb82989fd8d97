import { describe, expect, it } from "vitest";
import type { AnswerTopic } from "../../src/answer/index.js";
import { type ChatState, createMemoryChatStateStore } from "../../src/conversation/index.js";

const topic: AnswerTopic = {
  edition: "abcd1234",
  label: "「景観写真展」の事業",
  projectIds: ["2-1-4-1"],
  measureId: "2-1-4",
  query: null,
  offset: 0,
  level: null,
  language: "ja",
};
const state = (answeredAt: number): ChatState => ({ topic, answeredAt });

describe("memory chat state store", () => {
  it("keeps a chat's state until its TTL, then forgets it", async () => {
    let now = 1_000;
    const store = createMemoryChatStateStore({ maxEntries: 10, now: () => now });
    await store.set("user:a", state(now), 600);
    now += 599_999;
    expect(await store.get("user:a")).toEqual(state(1_000));
    now += 1;
    expect(await store.get("user:a")).toBeNull();
    expect(store.size).toBe(0);
  });

  it("replaces and deletes by chat key", async () => {
    const store = createMemoryChatStateStore({ maxEntries: 10 });
    await store.set("user:a", state(1), 60);
    await store.set("user:a", state(2), 60);
    expect((await store.get("user:a"))?.answeredAt).toBe(2);
    await store.delete("user:a");
    expect(await store.get("user:a")).toBeNull();
  });

  it("holds at most maxEntries chats, forgetting the least recently used first", async () => {
    const store = createMemoryChatStateStore({ maxEntries: 3 });
    for (const key of ["a", "b", "c"]) await store.set(key, state(1), 60);
    await store.get("a"); // a is now the most recently used
    await store.set("d", state(1), 60);
    expect(store.size).toBe(3);
    expect(await store.get("b")).toBeNull();
    for (const key of ["a", "c", "d"]) expect(await store.get(key)).not.toBeNull();
  });

  it("stays at its bound under the largest load: 200,000 chats into 100,000 places", async () => {
    const store = createMemoryChatStateStore({ maxEntries: 100_000 });
    for (let i = 0; i < 200_000; i++) await store.set(`user:${i}`, state(i), 600);
    // Eviction forgets a batch of the oldest at once: between 98.4% and 100% of the bound stay.
    expect(store.size).toBeLessThanOrEqual(100_000);
    expect(store.size).toBeGreaterThan(98_000);
    expect(await store.get("user:99999")).toBeNull();
    expect(await store.get("user:199999")).not.toBeNull();
  });
});
