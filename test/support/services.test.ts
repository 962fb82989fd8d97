import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  POSTGRES_SKIP_MESSAGE,
  serviceUrl,
  TEST_DATABASE_URL,
  testKeyPrefix,
} from "./services.js";

describe("serviceUrl", () => {
  it("fails under CI when the variable is absent", () => {
    expect(() => serviceUrl("TEST_DATABASE_URL", { CI: "true" })).toThrow(/TEST_DATABASE_URL must be set/);
    expect(() => serviceUrl("TEST_REDIS_URL", { CI: "1" })).toThrow(/TEST_REDIS_URL/);
  });

  it("skips (null) locally when the variable is absent", () => {
    expect(serviceUrl("TEST_DATABASE_URL", {})).toBeNull();
    expect(serviceUrl("TEST_REDIS_URL", { CI: "false" })).toBeNull();
  });

  it("returns the URL when set, under CI or not", () => {
    expect(serviceUrl("TEST_REDIS_URL", { CI: "true", TEST_REDIS_URL: "redis://x:1" })).toBe("redis://x:1");
  });

  it("gives each caller its own key prefix", () => {
    expect(testKeyPrefix()).not.toBe(testKeyPrefix());
  });
});

describe.skipIf(!TEST_DATABASE_URL)(`createTestDatabase (${POSTGRES_SKIP_MESSAGE})`, () => {
  const dropped: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of dropped) await drop();
  });

  it("gives two callers two separate databases", async () => {
    const first = await createTestDatabase(TEST_DATABASE_URL ?? "");
    const second = await createTestDatabase(TEST_DATABASE_URL ?? "");
    dropped.push(first.drop, second.drop);
    expect(first.url).not.toBe(second.url);
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query("CREATE TABLE only_here (id int)");
    await client.end();
    const other = new pg.Client({ connectionString: second.url });
    await other.connect();
    const { rows } = await other.query("SELECT to_regclass('only_here') AS found");
    await other.end();
    expect(rows[0]?.found).toBeNull();
  });
});
