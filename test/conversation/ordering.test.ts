import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ChatOrdering,
  createMemoryChatOrdering,
  createSharedChatOrdering,
} from "../../src/conversation/index.js";
import { createKeyOrdering, createRedisState } from "../../src/state/index.js";
import { closeStateEngines, STATE_ENGINES } from "../support/state-engines.js";

afterAll(closeStateEngines);

describe("per-chat ordering in memory", () => {
  it("runs one chat's jobs in the order queued, even when the first is slower", async () => {
    const ordering = createMemoryChatOrdering();
    const done: string[] = [];
    await Promise.all([
      ordering.inOrder("user:a", async () => {
        await sleep(30);
        done.push("first");
      }),
      ordering.inOrder("user:a", async () => {
        done.push("second");
      }),
    ]);
    expect(done).toEqual(["first", "second"]);
  });

  it("runs other chats' jobs in parallel", async () => {
    const ordering = createMemoryChatOrdering();
    const done: string[] = [];
    await Promise.all([
      ordering.inOrder("user:a", async () => {
        await sleep(30);
        done.push("a");
      }),
      ordering.inOrder("user:b", async () => {
        done.push("b");
      }),
    ]);
    expect(done).toEqual(["b", "a"]);
  });

  it("goes on after a failing job, gives each caller its own result, and forgets idle chats", async () => {
    const ordering = createMemoryChatOrdering();
    const failing = ordering.inOrder("user:a", async () => {
      throw new Error("boom");
    });
    const next = ordering.inOrder("user:a", async () => 42);
    await expect(failing).rejects.toThrow("boom");
    await expect(next).resolves.toBe(42);
    await sleep(0);
    expect(ordering.chats).toBe(0);
  });
});

/** Two jobs of one chat, the first slower, queued at `first` then `second`: the steps they took. */
async function twoJobs(first: ChatOrdering, second: ChatOrdering, chatKey: string): Promise<string[]> {
  const steps: string[] = [];
  const one = first.inOrder(chatKey, async () => {
    steps.push("1 start");
    await sleep(150);
    steps.push("1 end");
  });
  await sleep(20);
  const two = second.inOrder(chatKey, async () => {
    steps.push("2 start");
  });
  await Promise.all([one, two]);
  return steps;
}

const IN_ORDER = ["1 start", "1 end", "2 start"];

for (const engine of STATE_ENGINES) {
  describe.skipIf(!engine.available)(`per-chat ordering on shared state (${engine.name})`, () => {
    it("a follow-up reaching another replica waits for its antecedent", async () => {
      const [a, b] = await engine.replicas();
      const [atA, atB] = [a, b].map((state) => createSharedChatOrdering(createKeyOrdering(state))) as [
        ChatOrdering,
        ChatOrdering,
      ];
      expect(await twoJobs(atA, atB, "user:o1")).toEqual(IN_ORDER);
      expect(await twoJobs(atB, atA, "user:o1")).toEqual(IN_ORDER);
    });

    it("gives each caller its own result or rejection", async () => {
      const [a] = await engine.replicas();
      const ordering = createSharedChatOrdering(createKeyOrdering(a));
      const failing = ordering.inOrder("user:o2", async () => {
        throw new Error("answer failed");
      });
      const next = ordering.inOrder("user:o2", async () => 42);
      await expect(failing).rejects.toThrow("answer failed");
      await expect(next).resolves.toBe(42);
    });
  });
}

describe("per-chat ordering while Redis does not answer", () => {
  it("keeps this replica's order for a chat", async () => {
    const quiet = { info: () => {}, warn: () => {} };
    // Nothing listens on port 1: Redis never answers, shared turns are not waited for.
    const state = await createRedisState({
      url: "redis://127.0.0.1:1",
      logger: quiet,
      connectTimeoutMs: 200,
    });
    try {
      expect(state.status().connected).toBe(false);
      const ordering = createSharedChatOrdering(createKeyOrdering(state));
      expect(await twoJobs(ordering, ordering, "user:o3")).toEqual(IN_ORDER);
    } finally {
      await state.close();
    }
  });
});
