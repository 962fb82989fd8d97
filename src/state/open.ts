import { createMemoryState } from "./memory.js";
import { createRedisState } from "./redis.js";
import type { SharedState, StateLogger } from "./types.js";

export interface SharedStateSettings {
  /** REDIS_URL; null: this process's memory (one replica). */
  redisUrl: string | null;
  logger: StateLogger;
  prefix?: string;
}

/** Memory by default; Redis, shared by every replica, when a URL is given. */
export async function openSharedState(settings: SharedStateSettings): Promise<SharedState> {
  if (settings.redisUrl === null) return createMemoryState({ logger: settings.logger });
  return createRedisState({
    url: settings.redisUrl,
    logger: settings.logger,
    ...(settings.prefix === undefined ? {} : { prefix: settings.prefix }),
  });
}
