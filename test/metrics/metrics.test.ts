// Issue #16, defect 9: /metrics in Prometheus text format, behind a bearer token on the public port
// (or on a port of its own, see the server test); log levels by name; an incoming X-Request-Id in
// the log line of each event it carried.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import {
  createMemoryDeduper,
  createReplyClient,
  decodeFollowUp,
  renderAnswer,
} from "../../src/line/index.js";
import { createLogger } from "../../src/logger.js";
import { createMetrics } from "../../src/metrics/index.js";
import { createPipeline } from "../eval/pipeline.js";
import { type LineStandIn, startLineStandIn } from "../support/line-stand-in.js";
import { startServer } from "../support/server-process.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  callbackBody,
  sign,
  textEvent,
} from "../support/webhook-fixtures.js";

const TOKEN = "metrics-test-token-0123456789";

describe("/metrics and the logs", () => {
  let app: FastifyInstance;
  let url: string;
  let standIn: LineStandIn;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const { edition, answerer } = await createPipeline();
    standIn = await startLineStandIn();
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        callback();
      },
    });
    app = buildApp({
      config: {
        line: { channelSecret: CHANNEL_SECRET, channelAccessToken: CHANNEL_ACCESS_TOKEN },
        webhookBodyLimit: 1_048_576,
      },
      logger: createLogger({ level: "info", destination }),
      answerer,
      render: renderAnswer,
      decodeFollowUp,
      live: { health: () => edition.backend.health(), current: () => edition },
      replyClient: createReplyClient({ channelAccessToken: CHANNEL_ACCESS_TOKEN, baseURL: standIn.baseURL }),
      dedupe: createMemoryDeduper(),
      prometheus: { metrics: createMetrics(), token: TOKEN },
    });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await app.close();
    await standIn.close();
  });

  it("counts a question answered through LINE; /metrics needs the bearer token", async () => {
    const body = callbackBody([textEvent("防災訓練は実施された？")]);
    const response = await fetch(`${url}/webhook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-line-signature": sign(body),
        "x-request-id": "req-from-the-proxy-1",
      },
      body,
    });
    expect(response.status).toBe(200);
    await standIn.waitForRequests(1, 5_000);
    await expect.poll(() => lines.some((l) => l.msg === "line event")).toBe(true);

    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const scraped = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await scraped.text();
    for (const expected of [
      /^process_resident_memory_bytes \d/m,
      /^nodejs_eventloop_lag_seconds \d/m,
      /^shiroi_webhook_requests_total\{outcome="accepted"\} 1$/m,
      /^shiroi_webhook_events_total\{outcome="replied"\} 1$/m,
      /^shiroi_line_calls_total\{call="reply",outcome="ok"\} 1$/m,
      /^shiroi_answer_duration_seconds_count\{kind="project"\} 1$/m,
      /^shiroi_answer_queue_depth\{queue="answers",state="waiting"\} 0$/m,
      /^shiroi_search_backend_up\{backend="embedded",state="ready"\} 1$/m,
      /^shiroi_edition_info\{edition="平成30年7月",source="[^"]+"\} 1$/m,
      /^shiroi_edition_age_seconds \d/m,
    ])
      expect(text).toMatch(expected);
  });

  it("logs levels by name and the request id the proxy sent", () => {
    const event = lines.find((l) => l.msg === "line event");
    expect(event).toMatchObject({ level: "info", requestId: "req-from-the-proxy-1", outcome: "replied" });
  });
});

describe("METRICS_PORT", () => {
  it("serves /metrics on a loopback port of its own, not on the public one", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "metrics-port-"));
    const server = await startServer({ DATA_DIR: dataDir, METRICS_PORT: "0" });
    try {
      const line = server.lines.find((l) => String(l.msg).startsWith("metrics at "));
      const address = String(line?.msg).slice("metrics at ".length);
      expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const scraped = await fetch(address);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/^shiroi_edition_info\{edition="平成30年7月"/m);
      expect((await fetch(`${server.address}/metrics`)).status).toBe(404);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
