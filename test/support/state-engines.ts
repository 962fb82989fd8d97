// The engines of shared state a suite runs against. Each gives two "replicas": for memory they are one
// and the same process's state; for Redis, two connections (two processes' worth) on one Redis with one
// fresh prefix. Redis is there when TEST_REDIS_URL is set (see services.ts).
import { createMemoryState, createRedisState, type SharedState } from "../../src/state/index.js";
import { TEST_REDIS_URL, testKeyPrefix } from "./services.js";

export interface StateEngine {
  name: "memory" | "redis";
  available: boolean;
  replicas(): Promise<[SharedState, SharedState]>;
}

const quiet = { info: () => {}, warn: () => {} };
const opened: SharedState[] = [];

export const STATE_ENGINES: StateEngine[] = [
  {
    name: "memory",
    available: true,
    async replicas() {
      const state = createMemoryState();
      return [state, state];
    },
  },
  {
    name: "redis",
    available: TEST_REDIS_URL !== null,
    async replicas() {
      const prefix = testKeyPrefix();
      const open = () => createRedisState({ url: TEST_REDIS_URL ?? "", logger: quiet, prefix });
      const pair: [SharedState, SharedState] = [await open(), await open()];
      opened.push(...pair);
      return pair;
    },
  },
];

/** Closes the Redis connections the suite opened (afterAll). */
export async function closeStateEngines(): Promise<void> {
  await Promise.all(opened.splice(0).map((state) => state.close()));
}
