export {
  createMemoryChannel,
  createMemoryKeys,
  createMemoryLocks,
  createMemoryState,
  type MemoryKeyStore,
  type MemoryStateOptions,
} from "./memory.js";
export { openSharedState, type SharedStateSettings } from "./open.js";
export { rateLimitStore } from "./rate-limit-store.js";
export { createRedisState, DEFAULT_REDIS_PREFIX, type RedisStateOptions, redisAddress } from "./redis.js";
export type {
  Channel,
  KeyStore,
  Lock,
  Locks,
  SharedState,
  StateLogger,
  StateStatus,
  Unsubscribe,
} from "./types.js";
