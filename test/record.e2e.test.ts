// The conversation record through the real webhook: the app over real HTTP, the loopback LINE
// stand-in, a real SQLite file in a temp DATA_DIR, then `report` on that DATA_DIR.
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Writable } from "node:stream";
import type { webhook } from "@line/bot-sdk";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { run as report } from "../src/cli/report.js";
import { openDatabase, SQLITE_DATABASE_FILE, sql } from "../src/db/index.js";
import { createMemoryDeduper, createReplyClient, decodeFollowUp, renderAnswer } from "../src/line/index.js";
import { createLogger } from "../src/logger.js";
import {
  type ConversationRecorder,
  type ConversationStore,
  createDatabaseStore,
  createRecorder,
} from "../src/record/index.js";
import { createPipeline } from "./eval/pipeline.js";
import { type LineStandIn, type RecordedReply, startLineStandIn } from "./support/line-stand-in.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  CITIZEN_USER_ID,
  callbackBody,
  mentionedGroupEvent,
  postbackEvent,
  sign,
  textEvent,
} from "./support/webhook-fixtures.js";

const OTHER_USER_ID = "U0123456789abcdef0123456789abcdef";

interface QuickReplyMessage {
  type: string;
  text?: string;
  quickReply?: { items: { action: { type: string; label: string; data?: string } }[] };
}

describe("conversation record and 「解決しましたか？」 through the webhook", () => {
  let dataDir: string;
  let standIn: LineStandIn;
  let app: FastifyInstance;
  let url: string;
  let store: ConversationStore;
  let recorder: ConversationRecorder;
  const logs: string[] = [];
  const tokens: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "record-e2e-"));
    const { edition, answerer } = await createPipeline();
    standIn = await startLineStandIn();
    store = createDatabaseStore(await openDatabase({ dataDir }));
    recorder = createRecorder({ store, logger: createLogger({ level: "silent" }), flushIntervalMs: 20 });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logs.push(chunk.toString("utf8"));
        callback();
      },
    });
    app = buildApp({
      config: {
        line: { channelSecret: CHANNEL_SECRET, channelAccessToken: CHANNEL_ACCESS_TOKEN },
        webhookBodyLimit: 1_048_576,
        userHash: { secret: "record-test-user-hash-secret" },
      },
      logger: createLogger({ level: "debug", destination }),
      answerer,
      render: renderAnswer,
      decodeFollowUp,
      live: { health: () => edition.backend.health(), current: () => edition },
      replyClient: createReplyClient({ channelAccessToken: CHANNEL_ACCESS_TOKEN, baseURL: standIn.baseURL }),
      dedupe: createMemoryDeduper(),
      recorder,
    });
    url = `${await app.listen({ port: 0, host: "127.0.0.1" })}/webhook`;
  });
  afterAll(async () => {
    await app.close();
    await recorder.close();
    await store.close();
    await standIn.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Sends one event and returns the reply LINE received for it (null when none came). */
  async function send(event: webhook.Event, expectReply = true): Promise<QuickReplyMessage[] | null> {
    if ("replyToken" in event && event.replyToken) tokens.push(event.replyToken);
    const before = standIn.requests;
    const body = callbackBody([event], { escapeNonAscii: true });
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-line-signature": sign(body) },
      body,
    });
    expect(response.status).toBe(200);
    if (!expectReply) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(standIn.requests).toBe(before);
      return null;
    }
    await standIn.waitForRequests(before + 1);
    const reply = standIn.replies.at(-1) as RecordedReply;
    expect(reply.body.replyToken).toBe("replyToken" in event ? event.replyToken : undefined);
    return reply.body.messages as QuickReplyMessage[];
  }

  const feedbackButtons = (messages: QuickReplyMessage[] | null) =>
    (messages?.at(-1)?.quickReply?.items ?? []).filter((item) => item.action.data?.startsWith("r1|"));

  /** Every text of the reply, Flex cards included. */
  const textOf = (messages: QuickReplyMessage[] | null) =>
    messages?.map((m) => m.text ?? JSON.stringify(m)).join("\n") ?? "";

  function postbackFrom(userId: string, data: string): webhook.PostbackEvent {
    const event = postbackEvent(data);
    return { ...event, source: { type: "user", userId } };
  }

  let yesData = "";
  let noData = "";

  it("asks 「解決しましたか？」 after a project answer, with はい / いいえ postbacks", async () => {
    const messages = await send(textEvent("防災訓練は実施された？"));
    expect(textOf(messages)).toContain("実施あり");
    expect(messages?.at(-1)?.text).toBe("この回答で解決しましたか？");
    const buttons = feedbackButtons(messages);
    expect(buttons.map((b) => [b.action.type, b.action.label])).toEqual([
      ["postback", "はい"],
      ["postback", "いいえ"],
    ]);
    yesData = buttons[0]?.action.data ?? "";
    noData = buttons[1]?.action.data ?? "";
    expect(noData).toMatch(/^r1\|[A-Za-z0-9_-]{16}\|n$/);
  });

  it("on いいえ names the department and how to rephrase; never takes a second answer", async () => {
    const reply = textOf(await send(postbackFrom(CITIZEN_USER_ID, noData)));
    expect(reply).toContain("担当課の【学校政策課】");
    expect(reply).toContain("聞き直す");
    expect(textOf(await send(postbackFrom(CITIZEN_USER_ID, yesData)))).toContain(
      "すでにお答えいただいています",
    );
  });

  it("a forged, malformed or someone else's postback gets only a polite reply", async () => {
    expect(textOf(await send(postbackFrom(CITIZEN_USER_ID, "r1|AAAAAAAAAAAAAAAA|y")))).toContain(
      "使えません",
    );
    expect(textOf(await send(postbackFrom(CITIZEN_USER_ID, "r1|' OR 1=1 --|y")))).toContain("使えません");
    const messages = await send(textEvent("市民活動保険はいつから始まった？"));
    const [yes] = feedbackButtons(messages);
    expect(textOf(await send(postbackFrom(OTHER_USER_ID, yes?.action.data ?? "")))).toContain("ご本人");
    expect(textOf(await send(postbackFrom(CITIZEN_USER_ID, yes?.action.data ?? "")))).toContain("ありがとう");
  });

  it("asks nothing after a list, a no-match or a greeting; in a group only when mentioned", async () => {
    expect(feedbackButtons(await send(textEvent("未実施の事業は？")))).toEqual([]);
    expect(
      feedbackButtons(await send(textEvent("ごみ収集カレンダーはどこ？ 電話は090-1234-5678です"))),
    ).toEqual([]);
    expect(feedbackButtons(await send(textEvent("こんにちは")))).toEqual([]);
    await send(textEvent("防災訓練は実施された？", { source: "group" }), false);
    expect(feedbackButtons(await send(mentionedGroupEvent("防災訓練は実施された？")))).toHaveLength(2);
  });

  it("the report reads what was asked and answered", async () => {
    // Each answer is queued right after its reply went out: 6 questions and 2 feedback answers.
    for (let i = 0; i < 50 && recorder.stats().written + recorder.stats().pending < 8; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await recorder.flush();
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on("data", (c: Buffer) => chunks.push(c));
    const code = await report(["--format", "json"], {
      stdout,
      stderr: new PassThrough(),
      stdin: new PassThrough(),
      env: { DATA_DIR: dataDir },
      cwd: process.cwd(),
    });
    expect(code).toBe(0);
    const json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    expect(json.totals).toEqual({
      questions: 6,
      unanswered: 1,
      weak: expect.any(Number),
      users: 1,
      replies: { delivered: 6, failed: 0 },
      feedback: { yes: 1, no: 1 },
      followUps: { count: 0, unanswered: 0 },
    });
    expect(json.unanswered).toEqual([
      expect.objectContaining({ question: "ごみ収集カレンダーはどこ？ 電話は［電話番号］です", count: 1 }),
    ]);
    expect(json.unanswered[0].unmatchedWords.length).toBeGreaterThan(0);
    expect(json.topProjects[0]).toEqual({ projectId: expect.any(String), count: 2 });
    expect(json.feedbackByProject).toHaveLength(2);
    expect(json.byDay).toEqual([
      { day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), questions: 6, users: 1 },
    ]);
  });

  it("asks after several projects and English answers; an English question that found nothing is unanswered", async () => {
    expect(feedbackButtons(await send(textEvent("防災訓練と市民活動保険は？")))).toHaveLength(2);
    expect(feedbackButtons(await send(textEvent("Was the disaster drill carried out?")))).toHaveLength(2);
    expect(feedbackButtons(await send(textEvent("Where is the garbage calendar?")))).toEqual([]);
    for (let i = 0; i < 50 && recorder.stats().written + recorder.stats().pending < 11; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await recorder.flush();
    const report = await store.report({ since: null, until: null });
    expect(report.byKind).toEqual(
      expect.arrayContaining([
        { kind: "several", count: 1 },
        { kind: "project", count: 4 },
        { kind: "no-match", count: 2 },
      ]),
    );
    expect(report.unanswered.map((u) => u.question)).toContain("Where is the garbage calendar?");
    expect(report.topProjects[0]).toEqual({ projectId: "2-1-2-1", count: 4 });
  });

  it("records whether a message was a follow-up, and the report counts them and the unanswered ones", async () => {
    const before = (await store.report({ since: null, until: null })).totals.followUps;
    expect(textOf(await send(textEvent("景観写真展はやった？")))).toContain("都市計画課");
    expect(textOf(await send(textEvent("担当は？")))).toContain("の事業について）");
    // Another citizen's 「担当は？」 has no previous answer to refer to.
    const stranger = { ...textEvent("担当は？"), source: { type: "user", userId: OTHER_USER_ID } } as const;
    expect(textOf(await send(stranger))).not.toContain("について）");
    // Each question is queued for the record just after its reply went out.
    let after = before;
    for (let i = 0; i < 50 && after.count < before.count + 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      await recorder.flush();
      after = (await store.report({ since: null, until: null })).totals.followUps;
    }
    expect(after).toEqual({ count: before.count + 2, unanswered: before.unanswered + 1 });
  });

  it("neither the database file nor the logs hold a raw user id, reply token, message id or phone number", async () => {
    await recorder.flush();
    const db = await openDatabase({ dataDir }, { writeIn: "caller" });
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.query);
    const stored = await db.query.selectFrom("questions").select("question").execute();
    await db.close();
    expect(stored.map((r) => r.question)).toContain("ごみ収集カレンダーはどこ？ 電話は［電話番号］です");
    const bytes = [SQLITE_DATABASE_FILE, `${SQLITE_DATABASE_FILE}-wal`].map((name) => {
      try {
        return readFileSync(path.join(dataDir, name)).toString("utf8");
      } catch {
        return "";
      }
    });
    const everything = [...bytes, ...logs].join("\n");
    expect(tokens.length).toBeGreaterThan(5);
    for (const secret of [
      CITIZEN_USER_ID,
      OTHER_USER_ID,
      "468789577898262530",
      "468789577898262531",
      "090-1234-5678",
      ...tokens,
    ])
      expect(everything).not.toContain(secret);
    // The checks above are not vacuous: the file holds the records, the logs the hashed user.
    expect(bytes.join("")).toContain("ごみ収集カレンダー");
    expect(logs.join("")).toMatch(/"user":"[0-9a-f]{16}"/);
  });
});
