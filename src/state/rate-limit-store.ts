// @fastify/rate-limit's store over shared keys: N replicas share one count per client and route.
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import type { KeyStore } from "./types.js";

type Callback = Parameters<FastifyRateLimitStore["incr"]>[1];

class SharedRateLimitStore implements FastifyRateLimitStore {
  constructor(
    private readonly keys: KeyStore,
    private readonly prefix: string,
  ) {}

  incr(key: string, callback: Callback, timeWindow: number): void {
    this.keys.increment(this.prefix + key, timeWindow).then(
      ({ count, ttlMs }) => callback(null, { current: count, ttl: ttlMs }),
      (error: Error) => callback(error),
    );
  }

  child(routeOptions: object): FastifyRateLimitStore {
    // The plugin passes the route's merged options with `routeInfo` (method, url).
    const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
    return new SharedRateLimitStore(
      this.keys,
      `${this.prefix}${String(route?.method ?? "")}${String(route?.url ?? "")}:`,
    );
  }
}

/**
 * The `store` option of @fastify/rate-limit. Windows are fixed (they start at a client's first
 * request); `continueExceeding` and `exponentialBackoff` are not supported.
 */
export function rateLimitStore(keys: KeyStore): FastifyRateLimitStoreCtor {
  return class extends SharedRateLimitStore {
    constructor() {
      super(keys, "rate-limit:");
    }
  };
}
