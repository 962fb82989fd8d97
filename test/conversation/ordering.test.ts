import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createMemoryChatOrdering } from "../../src/conversation/index.js";

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
