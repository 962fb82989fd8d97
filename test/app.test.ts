import { connect } from "node:net";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Answerer, editionMarker } from "../src/answer/index.js";
import { buildApp } from "../src/app.js";
import type { BackendHealth, EditionInfo } from "../src/index/index.js";
import {
  BUSY_TEXT,
  createMemoryDeduper,
  createMetrics,
  createReplyClient,
  decodeFollowUp,
  encodeFollowUp,
  renderAnswer,
  type WebhookMetrics,
} from "../src/line/index.js";
import { createLogger } from "../src/logger.js";
import { createPipeline } from "./eval/pipeline.js";
import { type LineStandIn, startLineStandIn } from "./support/line-stand-in.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  CITIZEN_USER_ID,
  callbackBody,
  emojiTextEvent,
  followEvent,
  imageEvent,
  joinEvent,
  leaveEvent,
  locationEvent,
  memberJoinedEvent,
  mentionedGroupEvent,
  postbackEvent,
  recordingAnswerer,
  redelivered,
  sign,
  standbyTextEvent,
  stickerEvent,
  textEvent,
  unfollowEvent,
  unknownTypeEvent,
  unsendEvent,
} from "./support/webhook-fixtures.js";

const info: EditionInfo = {
  source: "shiroi-plan-progress-2018-07.txt",
  sha256: "0".repeat(64),
  indexedAt: "2026-11-01T00:00:00.000Z",
  edition: "平成30年7月",
  projects: 143,
  actions: 400,
};

interface Harness {
  app: FastifyInstance;
  logs: Record<string, unknown>[];
  /** Resolves once the handler has logged the outcome of `count` events in all (its last step). */
  handled(count: number): Promise<void>;
  metrics: WebhookMetrics;
  answerer: ReturnType<typeof recordingAnswerer>;
  health: BackendHealth;
}

/** The real answerer over the seed edition, shared by every harness in this file. */
let realAnswerer: Answerer;
/** The seed edition's follow-up marker. */
let marker: string;
beforeAll(async () => {
  const pipeline = await createPipeline();
  realAnswerer = pipeline.answerer;
  marker = editionMarker(pipeline.edition);
});

interface HarnessOptions {
  standIn?: LineStandIn;
  line?: boolean;
  bodyLimit?: number;
  answerQueue?: { concurrency: number; maxQueued: number };
  http?: { requestTimeoutMs: number; connectionTimeoutMs: number; keepAliveTimeoutMs: number };
  inner?: Answerer;
  ready?: Promise<unknown>;
}

function harness(options: HarnessOptions = {}): Harness {
  const logs: Record<string, unknown>[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let outcomes = 0;
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const line = JSON.parse(chunk.toString("utf8")) as Record<string, unknown>;
      logs.push(line);
      if (line.msg === "line event") {
        outcomes += 1;
        for (const waiter of waiters.filter((w) => w.count <= outcomes)) waiter.resolve();
      }
      callback();
    },
  });
  const handled = (count: number) =>
    count <= outcomes ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve }));
  const logger = createLogger({ level: "debug", destination });
  const metrics = createMetrics();
  const answerer = recordingAnswerer(options.inner ?? realAnswerer);
  const health: BackendHealth = { backend: "embedded", state: "ready", documents: 143 };
  const line = options.line !== false;
  const app = buildApp({
    config: {
      line: line ? { channelSecret: CHANNEL_SECRET, channelAccessToken: CHANNEL_ACCESS_TOKEN } : null,
      webhookBodyLimit: options.bodyLimit ?? 1_048_576,
      ...(options.answerQueue ? { answerQueue: options.answerQueue } : {}),
      ...(options.http ? { http: options.http } : {}),
    },
    logger,
    answerer,
    render: renderAnswer,
    decodeFollowUp,
    live: { health: async () => ({ ...health }), current: () => ({ info }) },
    replyClient: line
      ? createReplyClient({ channelAccessToken: CHANNEL_ACCESS_TOKEN, baseURL: options.standIn?.baseURL })
      : null,
    dedupe: createMemoryDeduper(),
    metrics,
    ...(options.ready ? { ready: options.ready } : {}),
  });
  return { app, logs, handled, metrics, answerer, health };
}

function post(app: FastifyInstance, body: string, headers: Record<string, string> = {}) {
  return app.inject({
    method: "POST",
    url: "/webhook",
    headers: { "content-type": "application/json", "x-line-signature": sign(body), ...headers },
    payload: body,
  });
}

describe("POST /webhook (inject)", () => {
  let standIn: LineStandIn;
  let h: Harness;
  beforeAll(async () => {
    standIn = await startLineStandIn();
  });
  afterAll(async () => {
    await standIn.close();
  });
  afterEach(async () => {
    await h.app.close();
  });

  it("answers the console's verification (events: []) with 200", async () => {
    h = harness({ standIn });
    const response = await post(h.app, callbackBody([]));
    expect(response.statusCode).toBe(200);
  });

  it("rejects a missing or invalid signature with 401 and processes nothing", async () => {
    h = harness({ standIn });
    const body = callbackBody([textEvent("秘密の質問")]);
    const missing = await h.app.inject({
      method: "POST",
      url: "/webhook",
      headers: { "content-type": "application/json" },
      payload: body,
    });
    expect(missing.statusCode).toBe(401);
    const wrong = await post(h.app, body, { "x-line-signature": sign(body, "other-secret") });
    expect(wrong.statusCode).toBe(401);
    await h.app.close();
    expect(h.metrics.events).toBe(0);
    expect(h.answerer.questions).toEqual([]);
    expect(JSON.stringify(h.logs)).not.toContain("秘密の質問");
  });

  it("answers every button of a group reply, tapped in the group, and pages a very long question", async () => {
    h = harness({ standIn });
    const dataOf = (messages: unknown): string[] => {
      const found: string[] = [];
      const visit = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(visit);
        else if (value && typeof value === "object")
          for (const [key, child] of Object.entries(value))
            if (key === "data" && typeof child === "string") found.push(child);
            else visit(child);
      };
      visit(messages);
      return found;
    };
    const replyTo = async (event: { replyToken?: string }) => {
      const before = standIn.requests;
      expect((await post(h.app, callbackBody([event]))).statusCode).toBe(200);
      await standIn.waitForRequests(before + 1, 10_000);
      const reply = standIn.replies.find((r) => r.body.replyToken === event.replyToken);
      expect(reply, "a reply").toBeDefined();
      return reply?.body.messages ?? [];
    };
    const question = `市民活動支援課の${"平成28年度の".repeat(26)}事業は？`;
    const questions = [
      mentionedGroupEvent(question),
      mentionedGroupEvent("使い方"),
      mentionedGroupEvent("市民大学校について教えて"),
    ];
    const taps = new Set<string>();
    for (const event of questions) for (const data of dataOf(await replyTo(event))) taps.add(data);
    expect([...taps].some((d) => d.startsWith("f1:p:"))).toBe(true);
    expect([...taps].some((d) => d.startsWith("f1:d:"))).toBe(true);
    expect([...taps].some((d) => d.startsWith("f1:q:"))).toBe(true);
    expect([...taps].some((d) => d.startsWith("f1:t"))).toBe(true);
    for (const data of taps) {
      const messages = await replyTo(postbackEvent(data, "group"));
      const first = JSON.stringify(messages[0]);
      // A button never falls back to the help text: it gets what it promised.
      expect(first, data).not.toContain("次のようなことにお答えします");
    }
    const lines = h.logs.filter((l) => l.msg === "line event");
    expect(lines.every((l) => l.outcome === "replied")).toBe(true);
  });

  it("answers malformed JSON and non-callback bodies with 400", async () => {
    h = harness({ standIn });
    expect((await post(h.app, "{not json")).statusCode).toBe(400);
    expect((await post(h.app, '{"events": 1}')).statusCode).toBe(400);
    expect((await post(h.app, "null")).statusCode).toBe(400);
  });

  it("answers a body over the limit with 413", async () => {
    h = harness({ standIn, bodyLimit: 1024 });
    const body = callbackBody([textEvent("あ".repeat(1000))]);
    expect((await post(h.app, body)).statusCode).toBe(413);
  });

  it("tolerates a charset in the content type", async () => {
    h = harness({ standIn });
    const body = callbackBody([]);
    const response = await post(h.app, body, { "content-type": "application/json; charset=utf-8" });
    expect(response.statusCode).toBe(200);
  });

  it("answers 503 without LINE credentials, before reading the body", async () => {
    h = harness({ line: false, bodyLimit: 16 });
    expect((await post(h.app, callbackBody([]))).statusCode).toBe(503);
    // Too large and of another type: still 503, the reason that matters.
    const oversized = await post(h.app, "x".repeat(1000), { "content-type": "text/plain" });
    expect(oversized.statusCode).toBe(503);
  });

  it("replies to each answerable event, ignores the rest, and never replies twice to a redelivery", async () => {
    h = harness({ standIn });
    const before = standIn.requests;
    const text = textEvent("防災訓練は実施された？");
    const answerable = [
      text,
      mentionedGroupEvent("未実施は何件？"),
      emojiTextEvent(),
      stickerEvent(),
      imageEvent(),
      locationEvent(),
      followEvent(),
      joinEvent(),
      postbackEvent(
        encodeFollowUp({
          kind: "page",
          edition: marker,
          query: { words: [], filter: { statuses: ["未実施"] } },
          offset: 10,
        }) ?? "",
      ),
      postbackEvent("garbage"),
    ];
    const ignored = [
      textEvent("防災？", { source: "group" }),
      unfollowEvent(),
      leaveEvent(),
      memberJoinedEvent(),
      unsendEvent(),
      unknownTypeEvent(),
      standbyTextEvent("防災訓練は？"),
      { type: 42 },
    ];
    const response = await post(h.app, callbackBody([...answerable, ...ignored], { escapeNonAscii: true }));
    expect(response.statusCode).toBe(200);
    // The handler's own outcome, not the stand-in's receipt: every event is finished before the redelivery.
    await h.handled(answerable.length + ignored.length);

    // The same event redelivered in a later request.
    expect((await post(h.app, callbackBody([redelivered(text)]))).statusCode).toBe(200);
    await h.handled(answerable.length + ignored.length + 1);
    await h.app.close();
    expect(standIn.requests).toBe(before + answerable.length);

    const byToken = new Map(standIn.replies.map((r) => [r.body.replyToken, r]));
    for (const event of answerable)
      expect(byToken.get(event.replyToken ?? "")?.body.messages.length).toBeGreaterThan(0);
    const eventLines = h.logs.filter((l) => l.msg === "line event");
    const kinds = answerable.map((e) => eventLines.find((l) => l.eventId === e.webhookEventId)?.answer);
    expect(kinds).toEqual([
      "project",
      "count",
      "project",
      "non-text",
      "non-text",
      "non-text",
      "greeting",
      "intro",
      "list",
      "help",
    ]);
    expect(JSON.stringify(byToken.get(text.replyToken ?? "")?.body.messages[0])).toContain("防災リアル訓練");
    expect(byToken.get(text.replyToken ?? "")?.headers.authorization).toBe(`Bearer ${CHANNEL_ACCESS_TOKEN}`);
    expect(h.answerer.questions).toEqual([
      "防災訓練は実施された？",
      "未実施は何件？",
      "$ 防災訓練は実施された？😀",
    ]);
    expect(h.metrics).toMatchObject({ replies: 10, duplicates: 1, ignored: 7, invalidEvents: 1 });

    expect(eventLines).toHaveLength(answerable.length + ignored.length + 1);
    expect(eventLines.find((l) => l.eventId === text.webhookEventId)).toMatchObject({
      type: "message",
      outcome: "replied",
      answer: "project",
      projectId: "2-1-2-1",
    });
    const all = JSON.stringify(h.logs);
    expect(all).not.toContain(CITIZEN_USER_ID);
    expect(all).not.toContain(CHANNEL_SECRET);
    expect(all).not.toContain(CHANNEL_ACCESS_TOKEN);
    expect(all).not.toContain(text.replyToken);
    expect(eventLines.find((l) => l.eventId === text.webhookEventId)?.user).toMatch(/^[0-9a-f]{16}$/);
    // Citizens' text only at debug (20).
    for (const line of h.logs.filter((l) => JSON.stringify(l).includes("防災訓練")))
      expect(line.level).toBe("debug");
  });

  it("logs a failing answerer and keeps serving", async () => {
    h = harness({ standIn });
    const before = standIn.requests;
    await post(h.app, callbackBody([textEvent("例外を起こす")]));
    await post(h.app, callbackBody([followEvent()]));
    await h.handled(2);
    await h.app.close();
    expect(standIn.requests).toBe(before + 1);
    expect(h.metrics.handlerErrors).toBe(1);
    expect(h.logs.find((l) => l.outcome === "error")).toMatchObject({ level: "error", type: "message" });
  });
});

describe("bounded work per burst and per event", () => {
  let standIn: LineStandIn;
  beforeAll(async () => {
    standIn = await startLineStandIn();
  });
  afterAll(async () => {
    await standIn.close();
  });

  /** The real answerer, held at a gate until release(). */
  function gatedAnswerer(): { answerer: Answerer; release(): void } {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return {
      answerer: {
        answer: async (question) => {
          await gate;
          return realAnswerer.answer(question);
        },
        followUp: (request) => realAnswerer.followUp(request),
        canned: (kind) => realAnswerer.canned(kind),
        project: (id) => realAnswerer.project(id),
      },
      release: () => release(),
    };
  }

  it("acknowledges at once, answers what the queue holds, tells the overflow to ask again, counts drops", async () => {
    const gated = gatedAnswerer();
    const h = harness({ standIn, inner: gated.answerer, answerQueue: { concurrency: 1, maxQueued: 2 } });
    const before = standIn.replies.length;
    const events = Array.from({ length: 14 }, (_, i) => textEvent(`防災訓練は実施された？${i}`));
    const response = await post(h.app, callbackBody(events));
    expect(response.statusCode).toBe(200);

    const ready = (await h.app.inject({ url: "/readyz" })).json() as { queue: Record<string, number> };
    expect(ready.queue).toMatchObject({ running: 1, waiting: 2, max: 2, concurrency: 1 });

    gated.release();
    // 3 answered (1 running, 2 waiting), 9 told "busy" (their own queue: 1 running, 4 × 2 waiting), 2 dropped.
    await h.handled(12);
    await h.app.close();
    const replies = standIn.replies.slice(before);
    expect(replies).toHaveLength(12);
    const busy = replies.filter((r) => r.body.messages[0]?.text === BUSY_TEXT);
    expect(busy).toHaveLength(9);
    expect(h.metrics).toMatchObject({ replies: 12, busyReplies: 9, dropped: 2 });
    expect(h.logs.find((l) => l.msg === "answer queues full; events dropped")).toMatchObject({
      dropped: 2,
      of: 14,
    });
  });

  it("reads at most 100 mentionees and still answers quickly with 12,000 of them", async () => {
    const h = harness({ standIn });
    const event = textEvent(`@白井市プラン 防災訓練は実施された？${" @x".repeat(12_000)}`, {
      source: "group",
    });
    const message = event.message as unknown as Record<string, unknown>;
    message.mention = {
      mentionees: [
        { type: "user", index: 0, length: 7, isSelf: true },
        ...Array.from({ length: 12_000 }, (_, i) => ({
          type: "user",
          index: 21 + 3 * i,
          length: 3,
          isSelf: true,
        })),
      ],
    };
    const started = performance.now();
    expect((await post(h.app, callbackBody([event]))).statusCode).toBe(200);
    await h.handled(1);
    expect(performance.now() - started).toBeLessThan(2_000);
    await h.app.close();
    // The first 100 mentions were removed; the rest of the text is past the 200 analyzed characters.
    expect(h.answerer.questions[0]?.startsWith("防災訓練は実施された？")).toBe(true);
    expect(h.logs.find((l) => l.msg === "line event")).toMatchObject({
      outcome: "replied",
      answer: "project",
    });
  });

  it("treats postback data longer than LINE allows as invalid", async () => {
    const h = harness({ standIn });
    await post(h.app, callbackBody([postbackEvent("x".repeat(100_000))]));
    await h.handled(1);
    await h.app.close();
    expect(h.metrics.invalidEvents).toBe(1);
  });

  it("cuts off a client that sends its request one byte at a time (real HTTP)", async () => {
    const h = harness({
      standIn,
      http: { requestTimeoutMs: 1_000, connectionTimeoutMs: 1_000, keepAliveTimeoutMs: 1_000 },
    });
    await h.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = h.app.server.address() as { port: number };
    const started = performance.now();
    const socket = connect(port, "127.0.0.1");
    socket.on("error", () => {}); // the server hangs up on it: that is the point
    const head = "POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    let sent = 0;
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(head.charAt(sent++ % head.length));
    }, 200);
    await new Promise<void>((resolve) => socket.on("close", () => resolve()));
    clearInterval(drip);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(5_000);
    await h.app.close();
  });
});

describe("listening before the dictionary and the edition are loaded", () => {
  it("is alive at once, says it is starting, and answers what came in as soon as it is ready", async () => {
    const standIn = await startLineStandIn();
    let loaded = () => {};
    const ready = new Promise<void>((resolve) => {
      loaded = resolve;
    });
    const h = harness({ standIn, ready });
    try {
      expect((await h.app.inject({ url: "/healthz" })).statusCode).toBe(200);
      const starting = await h.app.inject({ url: "/readyz" });
      expect(starting.statusCode).toBe(503);
      expect(starting.json()).toMatchObject({ status: "starting" });
      const event = textEvent("防災訓練は実施された？");
      expect((await post(h.app, callbackBody([event]))).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(h.answerer.questions).toEqual([]);
      expect(standIn.replies).toHaveLength(0);

      loaded();
      await h.handled(1);
      expect(h.answerer.questions).toEqual(["防災訓練は実施された？"]);
      expect(standIn.replies[0]?.body.replyToken).toBe(event.replyToken);
      expect((await h.app.inject({ url: "/readyz" })).statusCode).toBe(200);
    } finally {
      await h.app.close();
      await standIn.close();
    }
  });
});

describe("health routes", () => {
  it("GET /healthz is alive; GET /readyz reports edition, index size, backend state and metrics", async () => {
    const h = harness({ line: false });
    expect((await h.app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
    const ready = await h.app.inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: "ready",
      edition: "平成30年7月",
      documents: 143,
      backend: "embedded",
      state: "ready",
      line: "not configured",
      metrics: { replies: 0 },
    });
    h.health.state = "degraded";
    expect((await h.app.inject({ url: "/readyz" })).statusCode).toBe(200);
    h.health.state = "unavailable";
    const down = await h.app.inject({ url: "/readyz" });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: "unavailable", state: "unavailable" });
    await h.app.close();
  });
});
