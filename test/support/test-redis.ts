// The Redis the suites run against: TEST_REDIS_URL (started by .ci/run). Locally, without it, the
// Redis suites skip with a visible message; under CI=true they fail instead of passing without it.
import { randomBytes } from "node:crypto";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL?.trim() || null;

export const REDIS_SKIP_MESSAGE =
  "TEST_REDIS_URL is not set: Redis suites skipped (start one: redis-server --port 6391 --save '' --appendonly no, then TEST_REDIS_URL=redis://127.0.0.1:6391)";

/** Throws under CI=true when there is no Redis to test against; warns otherwise. */
export function checkRedisAvailable(url: string | null, env: Record<string, string | undefined>): void {
  if (url) return;
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0";
  if (ci) throw new Error(`CI=${env.CI}: the Redis suites must run, but TEST_REDIS_URL is not set`);
  console.warn(REDIS_SKIP_MESSAGE);
}

checkRedisAvailable(TEST_REDIS_URL, process.env);

/** A key prefix of its own per test, so runs and tests never see each other's keys. */
export function testPrefix(): string {
  return `test-${randomBytes(6).toString("hex")}:`;
}

/** host and port of TEST_REDIS_URL. */
export function redisTarget(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 6379) };
}
