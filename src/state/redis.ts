// Shared state in Redis, for several replicas. When Redis does not answer, every operation is served
// from this process's memory instead (per-process behaviour), with one warning per outage and a counter;
// nothing waits on Redis for longer than the command timeout, and nothing fails because of it.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { createMemoryState, lockToken, type MemoryStateOptions } from "./memory.js";
import type { Channel, KeyStore, Locks, SharedState, StateLogger, StateStatus } from "./types.js";

export interface RedisStateOptions {
  /** redis://[user:password@]host:port[/db] (rediss:// for TLS). */
  url: string;
  logger: StateLogger;
  /** Put before every key and channel name, so several installations can share one Redis. */
  prefix?: string;
  /** A command not answered within this is served from memory. Default 500 ms. */
  commandTimeoutMs?: number;
  /** How long the start waits for Redis before going on per process. Default 3 s. */
  connectTimeoutMs?: number;
  /** The per-process fallback's bounds. */
  fallback?: MemoryStateOptions;
}

export const DEFAULT_REDIS_PREFIX = "shiroi-plan-bot:";
const RETRY_AFTER_MS = 1000;

// INCR, and the window's expiry on the first hit (a key left without one gets it too).
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

// Deletes the lock only when this holder still has it.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/** host:port of a Redis URL: what a log may say (never the password). */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "6379"}`;
  } catch {
    return "(unparsable REDIS_URL)";
  }
}

/** Shared state in Redis, falling back to this process's memory whenever Redis does not answer. */
export async function createRedisState(options: RedisStateOptions): Promise<SharedState> {
  const { logger } = options;
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  const address = redisAddress(options.url);
  const local = createMemoryState({ ...options.fallback, logger });
  const connection = {
    lazyConnect: true,
    // Fail at once while disconnected: the memory fallback answers instead of a queue that waits.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: options.connectTimeoutMs ?? 3000,
    // Keep trying, at most every 2 s: an outage ends without a restart.
    retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
  };
  const client = new Redis(options.url, connection);
  // The subscriber queues its SUBSCRIBEs until connected, however long that takes (a replica may
  // start while Redis is away), and subscribes again after each reconnect.
  const subscriber = new Redis(options.url, {
    ...connection,
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    commandTimeout: undefined,
  });

  const counters = { degradedOperations: 0, outages: 0 };
  /** Redis failed and has not answered since. */
  let down = false;
  let closing = false;
  /** After a failure, operations skip Redis until then: a hung Redis costs one timeout, not one each. */
  let skipUntil = 0;

  function outage(reason: unknown): void {
    if (down || closing) return;
    down = true;
    counters.outages += 1;
    logger.warn(
      { redis: address, err: reason instanceof Error ? reason.message : String(reason) },
      "Redis does not answer: shared state is per process (dedupe, chat state, locks, rate limits) until it does",
    );
  }

  function recovered(): void {
    skipUntil = 0;
    if (!down) return;
    down = false;
    logger.info(
      { redis: address, degradedOperations: counters.degradedOperations },
      "Redis answers again: shared state is shared again",
    );
  }

  client.on("ready", recovered);
  // Without a listener an error event would end the process; the outage is logged once instead.
  client.on("error", (error: unknown) => outage(error));
  client.on("close", () => outage("connection closed"));
  subscriber.on("error", () => {});

  async function guarded<T>(onRedis: () => Promise<T>, inMemory: () => Promise<T>): Promise<T> {
    if (client.status === "ready" && Date.now() >= skipUntil) {
      try {
        const result = await onRedis();
        recovered();
        return result;
      } catch (error) {
        skipUntil = Date.now() + RETRY_AFTER_MS;
        outage(error);
      }
    } else if (client.status !== "ready") {
      outage(`connection ${client.status}`);
    }
    counters.degradedOperations += 1;
    return inMemory();
  }

  const k = (key: string) => prefix + key;

  // Writes also go to memory: if Redis goes away, this process still knows what it wrote.
  const keys: KeyStore = {
    get: (key) =>
      guarded(
        () => client.get(k(key)),
        () => local.keys.get(key),
      ),
    set: (key, value, ttlMs) =>
      guarded(
        async () => {
          await client.set(k(key), value, "PX", ttlMs);
          await local.keys.set(key, value, ttlMs);
        },
        () => local.keys.set(key, value, ttlMs),
      ),
    setIfAbsent: (key, value, ttlMs) =>
      guarded(
        async () => {
          const set = (await client.set(k(key), value, "PX", ttlMs, "NX")) === "OK";
          if (set) await local.keys.set(key, value, ttlMs);
          return set;
        },
        () => local.keys.setIfAbsent(key, value, ttlMs),
      ),
    delete: (key) =>
      guarded(
        async () => {
          await client.del(k(key));
          await local.keys.delete(key);
        },
        () => local.keys.delete(key),
      ),
    increment: (key, windowMs) =>
      guarded(
        async () => {
          const [count, ttlMs] = (await client.eval(INCREMENT, 1, k(key), String(windowMs))) as [
            number,
            number,
          ];
          return { count, ttlMs };
        },
        () => local.keys.increment(key, windowMs),
      ),
  };

  const locks: Locks = {
    acquire: (name, ttlMs) =>
      guarded(
        async () => {
          const token = lockToken();
          const taken = (await client.set(k(name), token, "PX", ttlMs, "NX")) === "OK";
          if (!taken) return null;
          return {
            release: () =>
              guarded(
                async () => (await client.eval(RELEASE, 1, k(name), token)) === 1,
                async () => false,
              ),
          };
        },
        () => local.locks.acquire(name, ttlMs),
      ),
  };

  // Published messages reach this process's handlers directly; Redis carries them to the other
  // replicas, which know them from their origin. A replica cut off from Redis still hears itself.
  const origin = randomBytes(9).toString("base64url");
  subscriber.on("message", (name: string, raw: string) => {
    let envelope: { o?: unknown; m?: unknown };
    try {
      envelope = JSON.parse(raw) as { o?: unknown; m?: unknown };
    } catch {
      return;
    }
    if (envelope.o === origin || typeof envelope.m !== "string" || !name.startsWith(prefix)) return;
    void local.channel.publish(name.slice(prefix.length), envelope.m);
  });
  const subscribed = new Map<string, number>();
  const channel: Channel = {
    async publish(name, message) {
      await local.channel.publish(name, message);
      await guarded(
        async () => {
          await client.publish(k(name), JSON.stringify({ o: origin, m: message }));
        },
        async () => {},
      );
    },
    async subscribe(name, handler) {
      const unsubscribeLocal = await local.channel.subscribe(name, handler);
      const count = subscribed.get(name) ?? 0;
      subscribed.set(name, count + 1);
      if (count === 0) {
        const subscribing = subscriber.subscribe(k(name));
        // Connected: wait, so a message published next reaches this subscription. Otherwise the
        // SUBSCRIBE is queued until Redis answers.
        if (subscriber.status === "ready") await subscribing.catch((error: unknown) => outage(error));
        else subscribing.catch(() => {});
      }
      return async () => {
        await unsubscribeLocal();
        const left = (subscribed.get(name) ?? 1) - 1;
        if (left > 0) {
          subscribed.set(name, left);
          return;
        }
        subscribed.delete(name);
        if (subscriber.status === "ready") await subscriber.unsubscribe(k(name)).catch(() => {});
      };
    },
  };

  await Promise.all(
    [client, subscriber].map((connection) => connection.connect().catch((error: unknown) => outage(error))),
  );

  return {
    keys,
    locks,
    channel,
    status: (): StateStatus => ({
      backend: "redis",
      connected: client.status === "ready" && !down,
      ...counters,
    }),
    async close() {
      closing = true;
      await Promise.all(
        [client, subscriber].map(async (connection) => {
          if (connection.status === "ready") await connection.quit().catch(() => connection.disconnect());
          else connection.disconnect();
        }),
      );
    },
  };
}
