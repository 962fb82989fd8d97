// Issue #16, defect 5: SIGTERM with questions queued. The process stops being ready and refuses new
// events with 503 (LINE redelivers them), answers every question it already acknowledged within
// DRAIN_TIMEOUT_MS, and names by event id what it could not answer in time.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LineStandIn, startLineStandIn } from "./support/line-stand-in.js";
import { type Started, startServer } from "./support/server-process.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  callbackBody,
  sign,
  textEvent,
} from "./support/webhook-fixtures.js";

const QUESTIONS = ["防災訓練は実施された？", "図書館の事業は？", "協働の事業は？", "市民活動は？"];

describe("SIGTERM with questions queued", () => {
  let dataDir: string;
  let standIn: LineStandIn;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "shiroi-shutdown-"));
    standIn = await startLineStandIn();
  });
  afterAll(async () => {
    await standIn.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = (drainTimeoutMs: number) =>
    startServer({
      DATA_DIR: dataDir,
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: CHANNEL_ACCESS_TOKEN,
      LINE_API_BASE_URL: standIn.baseURL,
      USER_HASH_SECRET: "shutdown-test-user-hash-secret",
      ANSWER_CONCURRENCY: "2",
      DRAIN_TIMEOUT_MS: String(drainTimeoutMs),
    });

  /** Posts `count` questions, each in its own webhook request; returns their event ids. */
  async function post(
    server: Started,
    count: number,
  ): Promise<{ events: ReturnType<typeof textEvent>[]; statuses: number[] }> {
    const events = Array.from({ length: count }, (_, i) => textEvent(QUESTIONS[i % QUESTIONS.length] ?? ""));
    const statuses = await Promise.all(
      events.map(async (event) => {
        const body = callbackBody([event]);
        const response = await fetch(`${server.address}/webhook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-line-signature": sign(body) },
          body,
        });
        return response.status;
      }),
    );
    return { events, statuses };
  }

  it("answers every acknowledged question, refuses new ones with 503, is not ready, exits 0", async () => {
    standIn.replies.length = 0;
    standIn.delayMs = 250;
    const server = await start(25_000);
    // 30 questions, 2 at a time, a quarter of a second each: about 4 s of replies still to send.
    const first = await post(server, 30);
    expect(first.statuses.every((status) => status === 200)).toBe(true);
    server.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ready = await fetch(`${server.address}/readyz`);
    expect(ready.status).toBe(503);
    const late = await post(server, 1);
    expect(late.statuses).toEqual([503]);
    expect(await server.exited).toBe(0);
    const answered = new Set(standIn.replies.map((r) => r.body.replyToken));
    expect(answered.size).toBe(30);
    standIn.delayMs = 0;
  }, 60_000);

  it("names the events it could not answer within DRAIN_TIMEOUT_MS", async () => {
    standIn.replies.length = 0;
    standIn.delayMs = 500;
    const server = await start(1_000);
    const { events } = await post(server, 12);
    server.child.kill("SIGTERM");
    await server.exited;
    standIn.delayMs = 0;
    const leftover = server.lines.find((line) => Array.isArray(line.eventIds));
    expect(leftover?.msg).toMatch(/not finished/);
    const named = leftover?.eventIds as string[];
    // 2 at a time, half a second each: about four answered within the second, the rest named.
    expect(named.length).toBeGreaterThan(4);
    expect(named.every((id) => events.some((e) => e.webhookEventId === id))).toBe(true);
    // Each event reached LINE or is named (one whose reply call was still open may be both).
    const replied = new Set(standIn.replies.map((r) => r.body.replyToken));
    for (const event of events)
      expect(replied.has(event.replyToken ?? "") || named.includes(event.webhookEventId)).toBe(true);
  }, 60_000);
});
