// Issue #16, defects 3 and 4: a LINE API that hangs or refuses. Every reply call is bounded by a
// timeout and counted by outcome; a queue that stops moving makes /readyz not ready; a reply LINE
// refused is recorded as not delivered, and 「解決しましたか？」 counts only delivered replies.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answer/index.js";
import { buildApp } from "../../src/app.js";
import { type Database, openDatabase } from "../../src/db/index.js";
import {
  createMemoryDeduper,
  createMetrics,
  createReplyClient,
  decodeFollowUp,
  renderAnswer,
  type WebhookMetrics,
} from "../../src/line/index.js";
import { createLogger } from "../../src/logger.js";
import {
  buildReport,
  type ConversationRecorder,
  createDatabaseStore,
  createRecorder,
} from "../../src/record/index.js";
import { createPipeline } from "../eval/pipeline.js";
import { type LineStandIn, type StandInBehaviour, startLineStandIn } from "../support/line-stand-in.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  callbackBody,
  sign,
  textEvent,
} from "../support/webhook-fixtures.js";

type Edition = Awaited<ReturnType<typeof createPipeline>>["edition"];

describe("a LINE API that hangs or refuses", () => {
  let answerer: Answerer;
  let edition: Edition;
  const cleanup: (() => Promise<unknown> | unknown)[] = [];

  beforeAll(async () => {
    ({ answerer, edition } = await createPipeline());
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function start(
    behaviour: StandInBehaviour,
    options: {
      lineTimeoutMs: number;
      concurrency: number;
      stuckAfterMs?: number;
      recorder?: ConversationRecorder;
    },
  ): Promise<{ url: string; standIn: LineStandIn; metrics: WebhookMetrics; app: FastifyInstance }> {
    const standIn = await startLineStandIn(behaviour);
    cleanup.push(() => standIn.close());
    const metrics = createMetrics();
    const live = { health: () => edition.backend.health(), current: () => edition };
    const app = buildApp({
      config: {
        line: { channelSecret: CHANNEL_SECRET, channelAccessToken: CHANNEL_ACCESS_TOKEN },
        webhookBodyLimit: 1_048_576,
        answerQueue: { concurrency: options.concurrency, maxQueued: 100 },
        userHash: { secret: "line-failures-user-hash-secret" },
      },
      logger: createLogger({ level: "silent" }),
      answerer,
      render: renderAnswer,
      decodeFollowUp,
      live,
      replyClient: createReplyClient({
        channelAccessToken: CHANNEL_ACCESS_TOKEN,
        baseURL: standIn.baseURL,
        timeoutMs: options.lineTimeoutMs,
      }),
      dedupe: createMemoryDeduper(),
      metrics,
      ...(options.stuckAfterMs ? { stuckAfterMs: options.stuckAfterMs } : {}),
      ...(options.recorder ? { recorder: options.recorder } : {}),
      drainTimeoutMs: 100,
    });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    cleanup.push(() => app.close());
    return { url, standIn, metrics, app };
  }

  async function ask(url: string, question: string): Promise<void> {
    const body = callbackBody([textEvent(question)], { escapeNonAscii: true });
    const response = await fetch(`${url}/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-line-signature": sign(body) },
      body,
    });
    expect(response.status).toBe(200);
  }

  it("a hung reply call times out, is counted, and the next questions still reach LINE", async () => {
    const { url, standIn, metrics } = await start("hang", { lineTimeoutMs: 300, concurrency: 2 });
    for (const question of ["防災訓練は実施された？", "図書館の事業は？", "協働の事業は？", "市民活動は？"])
      await ask(url, question);
    // Two slots: without a timeout the third and fourth calls never start.
    await standIn.waitForRequests(4, 5_000);
    await expect.poll(() => metrics.replyFailuresByStatus.timeout, { timeout: 3_000 }).toBe(4);
    standIn.behaviour = "ok";
    await ask(url, "防災訓練は実施された？");
    await standIn.waitForRequests(5, 5_000);
    await expect.poll(() => metrics.replies).toBe(1);
  });

  it("/readyz says not ready while the answer queue does not move", async () => {
    const { url } = await start("hang", { lineTimeoutMs: 20_000, concurrency: 1, stuckAfterMs: 300 });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    await ask(url, "防災訓練は実施された？");
    await ask(url, "図書館の事業は？");
    await new Promise((resolve) => setTimeout(resolve, 600));
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ queue: { stuck: true } });
  });

  describe("the record keeps whether the reply was delivered", () => {
    let dataDir: string;
    let db: Database;

    async function askRecorded(behaviour: StandInBehaviour): Promise<void> {
      const store = createDatabaseStore(await openDatabase({ dataDir }));
      const recorder = createRecorder({
        store,
        logger: createLogger({ level: "silent" }),
        flushIntervalMs: 10,
      });
      const { url, standIn } = await start(behaviour, { lineTimeoutMs: 2_000, concurrency: 2, recorder });
      await ask(url, "防災訓練は実施された？");
      await standIn.waitForRequests(1, 5_000);
      await expect.poll(() => recorder.stats().written, { timeout: 3_000 }).toBe(1);
      await recorder.close();
      await store.close();
    }

    it("a refused reply is recorded as failed, without 「解決しましたか？」; the report counts both apart", async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "line-failures-"));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      for (const behaviour of ["rate-limited", "server-error", "invalid-token", "ok"] as const)
        await askRecorded(behaviour);
      db = await openDatabase({ dataDir });
      cleanup.push(() => db.close());
      const rows = await db.query
        .selectFrom("questions")
        .select(["reply_delivered", "feedback_offered"])
        .orderBy("asked_at")
        .execute();
      expect(rows).toEqual([
        { reply_delivered: 0, feedback_offered: 0 },
        { reply_delivered: 0, feedback_offered: 0 },
        { reply_delivered: 0, feedback_offered: 0 },
        { reply_delivered: 1, feedback_offered: 1 },
      ]);
      const report = await buildReport(db, { since: null, until: null });
      expect(report.totals).toMatchObject({ questions: 4, replies: { delivered: 1, failed: 3 } });
    });
  });
});
