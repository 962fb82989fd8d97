import { createMemoryState } from "./memory.js";
import { createRedisState } from "./redis.js";
import type { SharedState, StateLogger } from "./types.js";

export interface SharedStateSettings {
  /** REDIS_URL and the key prefix; null: this process's memory (one replica). */
  redis: { url: string; keyPrefix: string } | null;
  logger: StateLogger;
}

/** Memory by default; Redis, shared by every replica, when a URL is given. */
export async function openSharedState(settings: SharedStateSettings): Promise<SharedState> {
  const { redis, logger } = settings;
  if (redis === null) return createMemoryState({ logger });
  return createRedisState({ url: redis.url, prefix: redis.keyPrefix, logger });
}
