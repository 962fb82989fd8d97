// One contract for every ChatStateStore: in memory (one process), and on shared state (src/state's keys,
// in memory or in Redis, where a follow-up reaching another replica finds its antecedent's topic).
import { afterAll, describe, expect, it } from "vitest";
import type { AnswerTopic } from "../../src/answer/index.js";
import {
  type ChatState,
  type ChatStateStore,
  createMemoryChatStateStore,
  createSharedChatStateStore,
  MAX_CHAT_STATE_BYTES,
} from "../../src/conversation/index.js";
import { closeStateEngines, STATE_ENGINES } from "../support/state-engines.js";

afterAll(closeStateEngines);

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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface StoreEngine {
  name: string;
  available: boolean;
  /** Two replicas' stores: the one store for memory, two connections' for Redis. */
  replicas(): Promise<[ChatStateStore, ChatStateStore]>;
}

const STORE_ENGINES: StoreEngine[] = [
  {
    name: "memory",
    available: true,
    async replicas() {
      const store = createMemoryChatStateStore({ maxEntries: 100 });
      return [store, store];
    },
  },
  ...STATE_ENGINES.map((engine) => ({
    name: `shared state (${engine.name})`,
    available: engine.available,
    async replicas(): Promise<[ChatStateStore, ChatStateStore]> {
      const [a, b] = await engine.replicas();
      return [createSharedChatStateStore(a.keys), createSharedChatStateStore(b.keys)];
    },
  })),
];

for (const engine of STORE_ENGINES) {
  describe.skipIf(!engine.available)(`chat state store contract: ${engine.name}`, () => {
    it("what one replica keeps, another reads as it was; replaced and deleted by chat key", async () => {
      const [a, b] = await engine.replicas();
      expect(await b.get("user:c1")).toBeNull();
      await a.set("user:c1", state(1), 60);
      expect(await b.get("user:c1")).toEqual(state(1));
      await b.set("user:c1", state(2), 60);
      expect(await a.get("user:c1")).toEqual(state(2));
      await a.delete("user:c1");
      expect(await b.get("user:c1")).toBeNull();
    });

    it("keeps each chat's state apart", async () => {
      const [a, b] = await engine.replicas();
      await a.set("user:c2", state(2), 60);
      await a.set("group:c2", { topic: { ...topic, label: "総務課が担当する事業" }, answeredAt: 3 }, 60);
      expect((await b.get("user:c2"))?.topic.label).toBe(topic.label);
      expect((await b.get("group:c2"))?.topic.label).toBe("総務課が担当する事業");
    });

    it("forgets a state once its TTL is up", async () => {
      const [a, b] = await engine.replicas();
      await a.set("user:c3", state(3), 1);
      expect(await b.get("user:c3")).toEqual(state(3));
      await sleep(1200);
      expect(await b.get("user:c3")).toBeNull();
    });
  });
}

/** A state whose JSON is exactly `bytes` long. */
function stateOfSize(bytes: number): ChatState {
  const bare = Buffer.byteLength(JSON.stringify(state(1)));
  return { topic: { ...topic, label: topic.label + "x".repeat(bytes - bare) }, answeredAt: 1 };
}

for (const engine of STATE_ENGINES) {
  describe.skipIf(!engine.available)(`chat state on shared state (${engine.name})`, () => {
    it("keeps the largest state allowed, refuses a larger one and forgets the older topic", async () => {
      const [a, b] = await engine.replicas();
      const [atA, atB] = [createSharedChatStateStore(a.keys), createSharedChatStateStore(b.keys)];
      const largest = stateOfSize(MAX_CHAT_STATE_BYTES);
      expect(Buffer.byteLength(JSON.stringify(largest))).toBe(MAX_CHAT_STATE_BYTES);
      await atA.set("user:big", largest, 60);
      expect(await atB.get("user:big")).toEqual(largest);
      await expect(atA.set("user:big", stateOfSize(MAX_CHAT_STATE_BYTES + 1), 60)).rejects.toThrow(
        RangeError,
      );
      expect(await atB.get("user:big")).toBeNull();
    });

    it("reads a value of another shape (another version of the bot) as no state", async () => {
      const [a] = await engine.replicas();
      const store = createSharedChatStateStore(a.keys);
      for (const value of [
        "not json",
        "null",
        "[]",
        '{"topic":{"label":1},"answeredAt":1}',
        '{"answeredAt":1}',
      ]) {
        await a.keys.set("chat-state:user:odd", value, 60_000);
        expect(await store.get("user:odd")).toBeNull();
      }
    });
  });
}

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
