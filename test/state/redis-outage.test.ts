// A Redis outage degrades shared state to per-process behaviour, with one warning and a counter,
// and never stops it answering; when Redis is back, state is shared again.

import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createRedisState, type SharedState } from "../../src/state/index.js";
import { TEST_REDIS_URL, testKeyPrefix } from "../support/services.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

interface Logged {
  level: "info" | "warn";
  message: string;
  object: Record<string, unknown>;
}

function recordingLogger() {
  const lines: Logged[] = [];
  return {
    lines,
    info: (object: object, message: string) =>
      lines.push({ level: "info", message, object: object as Record<string, unknown> }),
    warn: (object: object, message: string) =>
      lines.push({ level: "warn", message, object: object as Record<string, unknown> }),
  };
}

/** host and port of a Redis URL. */
function redisTarget(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 6379) };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until(condition: () => boolean, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const opened: SharedState[] = [];
const proxies: TcpProxy[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((state) => state.close()));
});
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
});

describe("shared state without Redis", () => {
  it("starts and answers from memory when Redis cannot be reached, with one warning", async () => {
    const logger = recordingLogger();
    const url = `redis://:secret-password@127.0.0.1:${await closedPort()}`;
    const state = await createRedisState({ url, logger, connectTimeoutMs: 500 });
    opened.push(state);

    expect(await state.keys.setIfAbsent("event:1", "1", 60_000)).toBe(true);
    expect(await state.keys.setIfAbsent("event:1", "1", 60_000)).toBe(false);
    await state.keys.set("chat:U1", "2-1-2-1", 60_000);
    expect(await state.keys.get("chat:U1")).toBe("2-1-2-1");
    expect((await state.keys.increment("hits", 60_000)).count).toBe(1);
    expect((await state.keys.increment("hits", 60_000)).count).toBe(2);
    const lock = await state.locks.acquire("publish", 60_000);
    expect(lock).not.toBeNull();
    expect(await state.locks.acquire("publish", 60_000)).toBeNull();
    const heard: string[] = [];
    await state.channel.subscribe("edition", (m) => heard.push(m));
    await state.channel.publish("edition", "e2");
    await until(() => heard.length === 1);
    expect(heard).toEqual(["e2"]);

    const status = state.status();
    expect(status).toMatchObject({ backend: "redis", connected: false, outages: 1 });
    expect(status.degradedOperations).toBeGreaterThanOrEqual(9);
    const warnings = logger.lines.filter((l) => l.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/per process/);
    // The address is logged, never the password.
    expect(JSON.stringify(logger.lines)).not.toContain("secret-password");
  });
});

describe.skipIf(TEST_REDIS_URL === null)("shared state through a Redis outage", () => {
  async function behindProxy(prefix: string, logger = recordingLogger()) {
    const proxy = await startTcpProxy(redisTarget(TEST_REDIS_URL ?? ""));
    proxies.push(proxy);
    const state = await createRedisState({
      url: `redis://${proxy.host}:${proxy.port}`,
      logger,
      prefix,
      commandTimeoutMs: 300,
    });
    opened.push(state);
    return { proxy, state, logger };
  }

  it("keeps answering per process while Redis is cut off, and shares again once it is back", async () => {
    const prefix = testKeyPrefix();
    const { proxy, state, logger } = await behindProxy(prefix);
    const direct = await createRedisState({ url: TEST_REDIS_URL ?? "", logger: recordingLogger(), prefix });
    opened.push(direct);

    expect(await state.keys.setIfAbsent("event:before", "1", 60_000)).toBe(true);
    expect(await direct.keys.setIfAbsent("event:before", "1", 60_000)).toBe(false);

    proxy.cut();
    await until(() => !state.status().connected);
    // What this replica wrote before the outage it still knows; new claims are per process.
    expect(await state.keys.setIfAbsent("event:before", "1", 60_000)).toBe(false);
    expect(await state.keys.setIfAbsent("event:during", "1", 60_000)).toBe(true);
    expect(await state.keys.setIfAbsent("event:during", "1", 60_000)).toBe(false);
    expect(await direct.keys.get("event:during")).toBeNull();
    const degraded = state.status().degradedOperations;
    expect(degraded).toBeGreaterThanOrEqual(3);
    expect(state.status().outages).toBe(1);
    expect(logger.lines.filter((l) => l.level === "warn")).toHaveLength(1);

    proxy.restore();
    await until(() => state.status().connected);
    expect(logger.lines.at(-1)).toMatchObject({ level: "info", message: expect.stringMatching(/again/) });
    expect(await state.keys.setIfAbsent("event:after", "1", 60_000)).toBe(true);
    expect(await direct.keys.setIfAbsent("event:after", "1", 60_000)).toBe(false);
    expect(state.status().degradedOperations).toBe(degraded);
  });

  it("a Redis that stops answering costs at most the command timeout per operation", async () => {
    const { proxy, state } = await behindProxy(testKeyPrefix());
    expect(await state.keys.setIfAbsent("event:x", "1", 60_000)).toBe(true);
    proxy.hang();
    const started = performance.now();
    expect(await state.keys.setIfAbsent("event:y", "1", 60_000)).toBe(true);
    expect(await state.keys.get("event:x")).toBe("1");
    // Two operations at 300 ms each, with room for a loaded machine; not a timing benchmark.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(state.status()).toMatchObject({ connected: false, degradedOperations: 2, outages: 1 });
    proxy.restore();
    await until(() => state.status().connected);
    expect(await state.keys.get("event:y")).toBeNull();
  });

  it("a replica that starts while Redis is away subscribes once it answers", async () => {
    const prefix = testKeyPrefix();
    const proxy = await startTcpProxy(redisTarget(TEST_REDIS_URL ?? ""));
    proxies.push(proxy);
    proxy.cut();
    const late = await createRedisState({
      url: `redis://${proxy.host}:${proxy.port}`,
      logger: recordingLogger(),
      prefix,
      connectTimeoutMs: 300,
    });
    opened.push(late);
    const heard: string[] = [];
    await late.channel.subscribe("edition", (m) => heard.push(m));
    expect(late.status().connected).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    proxy.restore();
    await until(() => late.status().connected);
    const other = await createRedisState({ url: TEST_REDIS_URL ?? "", logger: recordingLogger(), prefix });
    opened.push(other);
    await until(() => {
      void other.channel.publish("edition", "published");
      return heard.includes("published");
    });
  });

  it("a replica cut off from Redis still hears its own messages; the others hear it again after", async () => {
    const prefix = testKeyPrefix();
    const { proxy, state } = await behindProxy(prefix);
    const other = await createRedisState({ url: TEST_REDIS_URL ?? "", logger: recordingLogger(), prefix });
    opened.push(other);
    const own: string[] = [];
    const theirs: string[] = [];
    await state.channel.subscribe("edition", (m) => own.push(m));
    await other.channel.subscribe("edition", (m) => theirs.push(m));

    proxy.cut();
    await until(() => !state.status().connected);
    await state.channel.publish("edition", "during");
    await until(() => own.length === 1);

    proxy.restore();
    await until(() => state.status().connected);
    // The subscriber connection subscribes again on its own after reconnecting.
    await until(() => {
      void other.channel.publish("edition", "after");
      return own.includes("after");
    });
    await state.channel.publish("edition", "back");
    await until(() => theirs.includes("back"));
    expect(own[0]).toBe("during");
    expect(theirs).not.toContain("during");
  });
});
