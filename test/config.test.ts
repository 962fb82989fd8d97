import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const line = { LINE_CHANNEL_SECRET: "secret", LINE_CHANNEL_ACCESS_TOKEN: "token" };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("config: follow-ups", () => {
  it("remembers a chat's topic 10 minutes for at most 100,000 chats by default; 0 turns them off", () => {
    expect(loadConfig({}).conversation).toEqual({ ttlSeconds: 600, maxChats: 100_000 });
    expect(loadConfig({ CONVERSATION_TTL_SECONDS: "0", CONVERSATION_MAX_CHATS: "500" }).conversation).toEqual(
      { ttlSeconds: 0, maxChats: 500 },
    );
    expect(problems({ CONVERSATION_TTL_SECONDS: "-1" })[0]).toMatch(/^CONVERSATION_TTL_SECONDS/);
    expect(problems({ CONVERSATION_MAX_CHATS: "0" })[0]).toMatch(/^CONVERSATION_MAX_CHATS/);
  });
});

describe("config: the conversation record", () => {
  it("is on by default, kept 180 days", () => {
    expect(loadConfig({}).record).toEqual({ enabled: true, retentionDays: 180 });
    expect(loadConfig({ CONVERSATION_RECORD: "off", RECORD_RETENTION_DAYS: "30" }).record).toEqual({
      enabled: false,
      retentionDays: 30,
    });
  });

  it("in production, with a channel and the record on, requires USER_HASH_SECRET and names it", () => {
    const missing = problems({ NODE_ENV: "production", ...line });
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^USER_HASH_SECRET: USER_HASH_SECRET is required/);
    expect(missing[0]).not.toContain('secret"');
    expect(problems({ NODE_ENV: "production", ...line, CONVERSATION_RECORD: "off" })).toEqual([]);
    const set = loadConfig({ NODE_ENV: "production", ...line, USER_HASH_SECRET: "0123456789abcdef0123" });
    expect(set.userHash).toEqual({ secret: "0123456789abcdef0123" });
  });

  it("rejects a short secret, and leaves it unset outside production (record/ keeps a key in DATA_DIR)", () => {
    expect(problems({ USER_HASH_SECRET: "short" })[0]).toMatch(/^USER_HASH_SECRET:/);
    expect(loadConfig(line).userHash.secret).toBeNull();
  });
});

describe("config: shared state (REDIS_URL)", () => {
  it("is this process's memory unless REDIS_URL is set", () => {
    expect(loadConfig({}).redis).toBeNull();
    expect(loadConfig({ REDIS_URL: "" }).redis).toBeNull();
    expect(loadConfig({ REDIS_URL: "redis://redis:6379/0" }).redis).toEqual({
      url: "redis://redis:6379/0",
      keyPrefix: "shiroi-plan-bot:",
    });
    expect(
      loadConfig({ REDIS_URL: "rediss://:pw@cache.example.jp:6380", REDIS_KEY_PREFIX: "shiroi-test:" }).redis,
    ).toEqual({ url: "rediss://:pw@cache.example.jp:6380", keyPrefix: "shiroi-test:" });
  });

  it("refuses what is not a Redis URL, naming the variable and not its value", () => {
    for (const value of ["http://redis:6379", "redis:6379", "127.0.0.1:6379"]) {
      const found = problems({ REDIS_URL: value });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^REDIS_URL: REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
      expect(found[0]).not.toContain(value);
    }
  });
});
