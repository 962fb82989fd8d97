// The real PostgreSQL and Redis of the test run, from TEST_DATABASE_URL and TEST_REDIS_URL
// (`.ci/run` starts both with test/support/services.sh). Absent locally: the suites that need them skip
// with a message. Absent under CI=true: they fail, so a run never passes without them.
// Each test file gets its own database (PostgreSQL) or key prefix (Redis), so files run in parallel.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { runsUnderCi } from "./ci.js";

export const SERVICES_HINT = 'start them with: eval "$(test/support/services.sh start)"';

/** The variable's value; null (with a warning) when unset locally; throws when unset under CI. */
export function serviceUrl(
  variable: "TEST_DATABASE_URL" | "TEST_REDIS_URL",
  env: Record<string, string | undefined> = process.env,
): string | null {
  const value = env[variable];
  if (value) return value;
  if (runsUnderCi(env)) {
    throw new Error(`CI=${env.CI}: ${variable} must be set, the suites on it must run (${SERVICES_HINT})`);
  }
  console.warn(`skipped: ${variable} is not set (${SERVICES_HINT})`);
  return null;
}

/** PostgreSQL server URL, or null when this run has none (the suite skips). */
export const TEST_DATABASE_URL = serviceUrl("TEST_DATABASE_URL");
/** Redis URL, or null when this run has none (the suite skips). */
export const TEST_REDIS_URL = serviceUrl("TEST_REDIS_URL");

export const POSTGRES_SKIP_MESSAGE = "skipped without TEST_DATABASE_URL";
export const REDIS_SKIP_MESSAGE = "skipped without TEST_REDIS_URL";

export interface TestDatabase {
  /** URL of a fresh, empty database of its own. */
  url: string;
  /** Drops the database (closing whatever is still connected to it). */
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new database on the test server, for one test file or one test. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(serverUrl, name),
    drop: async () => {
      await onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A key prefix no other test file uses, e.g. `test:3f9a…:`. */
export function testKeyPrefix(): string {
  return `test:${randomBytes(6).toString("hex")}:`;
}
