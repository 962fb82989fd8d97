// Jobs of one key (a chat) run one after another in the order they took their turns, across every
// replica sharing the state: each job takes a numbered turn (a shared counter) and waits until the turn
// before it is done, whichever replica has it. Other keys never wait. Bounded: a turn whose replica
// died is waited for at most `maxWaitMs`; while Redis does not answer, nothing waits on other replicas
// (this process's order still holds, through the memory fallback).
import type { SharedState } from "./types.js";

export interface KeyOrdering {
  /** Runs `job` after every job that took its turn before it for the same key; its result or rejection. */
  inOrder<T>(key: string, job: () => Promise<T>): Promise<T>;
}

export interface KeyOrderingOptions {
  /** Longest a job waits for the one before it. Default 10 s (a LINE reply token lasts about a minute). */
  maxWaitMs?: number;
  /** How long a key's turns are counted from its first. Default 6 h. */
  turnsTtlMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createKeyOrdering(
  state: Pick<SharedState, "keys" | "status">,
  options: KeyOrderingOptions = {},
): KeyOrdering {
  const { keys } = state;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const ttlMs = options.turnsTtlMs ?? 6 * 3_600_000;

  const lastDone = async (key: string) => Number((await keys.get(`turn-done:${key}`)) ?? 0);

  async function waitForTurn(key: string, turn: number): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    let pause = 2;
    while ((await lastDone(key)) < turn - 1) {
      if (Date.now() >= deadline || !state.status().connected) return;
      await sleep(pause);
      pause = Math.min(pause * 2, 25);
    }
  }

  return {
    async inOrder(key, job) {
      const { count: turn } = await keys.increment(`turn:${key}`, ttlMs);
      // A key's first turn (or the first of a new count, once the counter expired) starts afresh.
      if (turn === 1) await keys.set(`turn-done:${key}`, "0", ttlMs);
      else await waitForTurn(key, turn);
      try {
        return await job();
      } finally {
        // Turns only move forward, even when one that was waited for too long ends late.
        if ((await lastDone(key)) < turn) await keys.set(`turn-done:${key}`, String(turn), ttlMs);
      }
    },
  };
}
