// 「解決しましたか？」 with two replicas: each with its own recorder (batched, off the reply path) on one
// shared record database, and shared state (memory for one process's worth, Redis for real replicas).
// A tap may reach the other replica before the answer's record is written, or twice at once.
import type { webhook } from "@line/bot-sdk";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answer/index.js";
import { buildApp } from "../../src/app.js";
import { openDatabase } from "../../src/db/index.js";
import type { IndexedEdition } from "../../src/index/index.js";
import { createKeyDeduper, createReplyClient, decodeFollowUp, renderAnswer } from "../../src/line/index.js";
import { createLogger } from "../../src/logger.js";
import { type ConversationRecorder, createDatabaseStore, createRecorder } from "../../src/record/index.js";
import type { SharedState } from "../../src/state/index.js";
import { createPipeline } from "../eval/pipeline.js";
import { type LineStandIn, startLineStandIn } from "../support/line-stand-in.js";
import { closeStateEngines, STATE_ENGINES } from "../support/state-engines.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  CITIZEN_USER_ID,
  callbackBody,
  postbackEvent,
  sign,
  textEvent,
} from "../support/webhook-fixtures.js";

interface Message {
  text?: string;
  quickReply?: { items: { action: { label: string; data?: string } }[] };
}

let answerer: Answerer;
let edition: IndexedEdition;
let standIn: LineStandIn;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ({ answerer, edition } = await createPipeline());
  standIn = await startLineStandIn();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await standIn.close();
  await closeStateEngines();
});

/** Two replicas on one record database and one shared state. */
async function twoReplicas(states: [SharedState, SharedState]) {
  const db = await openDatabase(":memory:");
  const store = createDatabaseStore(db);
  const logger = createLogger({ level: "silent" });
  const replicas = states.map((state) => {
    // The default batching: a record is written about a second after its reply.
    const recorder: ConversationRecorder = createRecorder({ store, logger });
    const app: FastifyInstance = buildApp({
      config: {
        line: { channelSecret: CHANNEL_SECRET, channelAccessToken: CHANNEL_ACCESS_TOKEN },
        webhookBodyLimit: 1_048_576,
        userHash: { secret: "replicas-test-user-hash-secret" },
      },
      logger,
      answerer,
      render: renderAnswer,
      decodeFollowUp,
      live: { health: () => edition.backend.health(), current: () => edition },
      replyClient: createReplyClient({ channelAccessToken: CHANNEL_ACCESS_TOKEN, baseURL: standIn.baseURL }),
      dedupe: createKeyDeduper(state.keys),
      recorder,
      sharedState: state,
    });
    return { app, recorder };
  });
  cleanups.push(async () => {
    for (const { app, recorder } of replicas) {
      await app.close();
      await recorder.close();
    }
    await store.close();
  });
  return { replicas, db };
}

/** Sends events to an app at once; resolves with each event's reply, in the order given. */
async function send(app: FastifyInstance, events: webhook.Event[]): Promise<Message[][]> {
  const tokens = events.map((event) => ("replyToken" in event ? event.replyToken : undefined));
  await Promise.all(
    events.map(async (event) => {
      const body = callbackBody([event], { escapeNonAscii: true });
      const response = await app.inject({
        method: "POST",
        url: "/webhook",
        headers: { "content-type": "application/json", "x-line-signature": sign(body) },
        payload: body,
      });
      expect(response.statusCode).toBe(200);
    }),
  );
  const replyTo = (token: string | undefined) => standIn.replies.find((r) => r.body.replyToken === token);
  const deadline = Date.now() + 10_000;
  while (!tokens.every(replyTo) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return tokens.map((token) => (replyTo(token)?.body.messages ?? []) as Message[]);
}

const textOf = (messages: Message[] | undefined) => (messages ?? []).map((m) => m.text ?? "").join("\n");

function tap(data: string): webhook.PostbackEvent {
  return { ...postbackEvent(data), source: { type: "user", userId: CITIZEN_USER_ID } };
}

async function askFeedback(app: FastifyInstance): Promise<{ yes: string; no: string }> {
  const [messages] = await send(app, [textEvent("防災訓練は実施された？")]);
  const items = messages?.at(-1)?.quickReply?.items ?? [];
  const data = items.map((item) => item.action.data ?? "").filter((d) => d.startsWith("r1|"));
  expect(data).toHaveLength(2);
  return { yes: data[0] ?? "", no: data[1] ?? "" };
}

for (const engine of STATE_ENGINES) {
  describe.skipIf(!engine.available)(`「解決しましたか？」 across replicas (${engine.name})`, () => {
    it("a tap on another replica, before the answer's record is written, is recorded", async () => {
      const { replicas, db } = await twoReplicas(await engine.replicas());
      const [a, b] = replicas;
      if (!a || !b) throw new Error("two replicas");
      const { yes } = await askFeedback(a.app);
      const [reply] = await send(b.app, [tap(yes)]);
      expect(textOf(reply)).toContain("お役に立ててよかった");
      await a.recorder.flush();
      await b.recorder.flush();
      expect(await db.query.selectFrom("feedback").select("resolved").execute()).toEqual([{ resolved: 1 }]);
    });

    it("はい on one replica and いいえ on the other at the same moment: one answer is taken", async () => {
      const { replicas, db } = await twoReplicas(await engine.replicas());
      const [a, b] = replicas;
      if (!a || !b) throw new Error("two replicas");
      const { yes, no } = await askFeedback(a.app);
      const [atA, atB] = await Promise.all([send(a.app, [tap(yes)]), send(b.app, [tap(no)])]);
      const replies = [textOf(atA?.[0]), textOf(atB?.[0])];
      expect(replies.filter((r) => r.includes("すでにお答えいただいています"))).toHaveLength(1);
      await a.recorder.flush();
      await b.recorder.flush();
      expect(await db.query.selectFrom("feedback").selectAll().execute()).toHaveLength(1);
    });
  });
}
