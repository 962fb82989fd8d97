// Over real HTTP: the app listens on loopback, the LINE platform is the loopback stand-in.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import {
  createMemoryDeduper,
  createMetrics,
  createReplyClient,
  decodeFollowUp,
  renderAnswer,
} from "../src/line/index.js";
import { createLogger } from "../src/logger.js";
import { createPipeline, type Pipeline } from "./eval/pipeline.js";
import { type LineStandIn, type StandInBehaviour, startLineStandIn } from "./support/line-stand-in.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  callbackBody,
  sign,
  textEvent,
} from "./support/webhook-fixtures.js";

describe("webhook over real HTTP", () => {
  let standIn: LineStandIn;
  let app: FastifyInstance;
  let url: string;
  const metrics = createMetrics();
  let pipeline: Pipeline;

  /** The real app on the seed edition, replying to the LINE API at `baseURL`. */
  function appFor(baseURL: string): FastifyInstance {
    const { edition, answerer } = pipeline;
    return buildApp({
      config: {
        line: { channelSecret: CHANNEL_SECRET, channelAccessToken: CHANNEL_ACCESS_TOKEN },
        webhookBodyLimit: 1_048_576,
      },
      logger: createLogger({ level: "silent" }),
      answerer,
      render: renderAnswer,
      decodeFollowUp,
      live: { health: () => edition.backend.health(), current: () => edition },
      replyClient: createReplyClient({ channelAccessToken: CHANNEL_ACCESS_TOKEN, baseURL }),
      dedupe: createMemoryDeduper(),
      metrics,
    });
  }

  beforeAll(async () => {
    pipeline = await createPipeline();
    standIn = await startLineStandIn();
    app = appFor(standIn.baseURL);
    url = `${await app.listen({ port: 0, host: "127.0.0.1" })}/webhook`;
  });
  afterAll(async () => {
    await app.close();
    await standIn.close();
  });

  async function send(question: string) {
    const event = textEvent(question);
    const body = callbackBody([event], { escapeNonAscii: true });
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "x-line-signature": sign(body) },
      body,
    });
    return { response, event };
  }

  it("answers 200 and the reply reaches LINE with the event's reply token", async () => {
    const before = standIn.requests;
    const { response, event } = await send("防災訓練は実施された？");
    expect(response.status).toBe(200);
    await standIn.waitForRequests(before + 1);
    const reply = standIn.replies.at(-1);
    expect(reply?.body.replyToken).toBe(event.replyToken);
    const first = reply?.body.messages[0];
    expect(first?.type).toBe("flex");
    expect(JSON.stringify(first)).toContain("実施あり");
    expect(JSON.stringify(first)).toContain("市民安全課");
    expect(reply?.headers.authorization).toBe(`Bearer ${CHANNEL_ACCESS_TOKEN}`);
  });

  it.each<[StandInBehaviour, string]>([
    ["invalid-token", "400"],
    ["rate-limited", "429"],
    ["server-error", "500"],
    ["closed", "network"],
  ])("keeps serving when LINE answers %s, and counts it without retrying", async (behaviour, key) => {
    standIn.behaviour = behaviour;
    const before = standIn.requests;
    const failures = metrics.replyFailuresByStatus[key] ?? 0;
    expect((await send("防災訓練は？")).response.status).toBe(200);
    await standIn.waitForRequests(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(standIn.requests).toBe(before + 1); // no retry
    standIn.behaviour = "ok";
    const next = await send("次の質問");
    expect(next.response.status).toBe(200);
    await standIn.waitForRequests(before + 2);
    expect(standIn.replies.at(-1)?.body.replyToken).toBe(next.event.replyToken);
    expect(metrics.replyFailuresByStatus[key]).toBe(failures + 1);
  });

  it("keeps serving when LINE is unreachable", async () => {
    const unreachable = await startLineStandIn();
    const baseURL = unreachable.baseURL;
    await unreachable.close();
    const failures = metrics.replyFailuresByStatus.network ?? 0;
    const isolated = appFor(baseURL);
    const address = await isolated.listen({ port: 0, host: "127.0.0.1" });
    for (const question of ["一つ目", "二つ目"]) {
      const body = callbackBody([textEvent(question)]);
      const response = await fetch(`${address}/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-line-signature": sign(body) },
        body,
      });
      expect(response.status).toBe(200);
    }
    await isolated.close(); // drains the two failing replies
    expect(metrics.replyFailuresByStatus.network).toBe(failures + 2);
  });
});
