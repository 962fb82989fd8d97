// Per-key (per-chat) ordering over shared state, on memory and on Redis: a chat's messages reaching two
// replicas are answered one after the other, in the order they took their turns.
import { afterAll, describe, expect, it } from "vitest";
import { createKeyOrdering } from "../../src/state/index.js";
import { closeStateEngines, STATE_ENGINES } from "../support/state-engines.js";

afterAll(closeStateEngines);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const engine of STATE_ENGINES) {
  describe.skipIf(!engine.available)(`per-key ordering across replicas (${engine.name})`, () => {
    it("one chat's jobs on two replicas run one after the other, in the order they came", async () => {
      const [a, b] = await engine.replicas();
      const [atA, atB] = [createKeyOrdering(a), createKeyOrdering(b)];
      const steps: string[] = [];
      const job = (name: string, ms: number) => async () => {
        steps.push(`${name} start`);
        await sleep(ms);
        steps.push(`${name} end`);
        return name;
      };
      const started = async (name: string) => {
        while (!steps.includes(`${name} start`)) await sleep(5);
      };
      const first = atA.inOrder("user:h1", job("1", 300));
      // The second and third take their turns while the first is being answered.
      await started("1");
      const second = atB.inOrder("user:h1", job("2", 10));
      await sleep(150);
      const third = atA.inOrder("user:h1", job("3", 10));
      expect(await Promise.all([first, second, third])).toEqual(["1", "2", "3"]);
      expect(steps).toEqual(["1 start", "1 end", "2 start", "2 end", "3 start", "3 end"]);
    });

    it("other chats do not wait; a failed job does not hold up the next", async () => {
      const [a, b] = await engine.replicas();
      const [atA, atB] = [createKeyOrdering(a), createKeyOrdering(b)];
      const done: string[] = [];
      let slowStarted = false;
      const slow = atA.inOrder("user:h2", async () => {
        slowStarted = true;
        await sleep(300);
        done.push("h2");
      });
      while (!slowStarted) await sleep(5);
      await atB.inOrder("user:h3", async () => {
        done.push("h3");
      });
      await slow;
      expect(done).toEqual(["h3", "h2"]);
      await expect(
        atA.inOrder("user:h4", async () => {
          throw new Error("answer failed");
        }),
      ).rejects.toThrow("answer failed");
      expect(await atB.inOrder("user:h4", async () => "next")).toBe("next");
    });

    it("a turn taken by a replica that died is waited for only so long", async () => {
      const [a, b] = await engine.replicas();
      const dying = createKeyOrdering(a, { maxWaitMs: 300 });
      const living = createKeyOrdering(b, { maxWaitMs: 300 });
      // The dying replica takes its turn and never finishes.
      let taken = false;
      void dying.inOrder("user:h5", () => {
        taken = true;
        return new Promise(() => {});
      });
      while (!taken) await sleep(5);
      const started = performance.now();
      expect(await living.inOrder("user:h5", async () => "answered")).toBe("answered");
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    });
  });
}
