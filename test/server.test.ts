// The process entry, as `npm start` runs it: real config, edition, answerer and renderer; LINE is the stand-in.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/index.js";
import { type LineStandIn, startLineStandIn } from "./support/line-stand-in.js";
import { startServer } from "./support/server-process.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  callbackBody,
  sign,
  textEvent,
} from "./support/webhook-fixtures.js";

describe("server process", () => {
  let dataDir: string;
  let standIn: LineStandIn;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "shiroi-server-"));
    standIn = await startLineStandIn();
  });
  afterAll(async () => {
    await standIn.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("starts on the bundled edition, answers a citizen through LINE, and exits 0 on SIGTERM", async () => {
    const server = await startServer({
      DATA_DIR: dataDir,
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: CHANNEL_ACCESS_TOKEN,
      LINE_API_BASE_URL: standIn.baseURL,
      USER_HASH_SECRET: "server-test-user-hash-secret",
    });
    try {
      const startLines = server.lines.filter((l) => String(l.msg).startsWith("listening on"));
      expect(startLines).toHaveLength(1);
      expect(startLines[0]?.msg).toContain("平成30年7月");

      const event = textEvent("防災訓練は実施された？");
      const body = callbackBody([event], { escapeNonAscii: true });
      const response = await fetch(`${server.address}/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-line-signature": sign(body) },
        body,
      });
      expect(response.status).toBe(200);
      await standIn.waitForRequests(1, 10_000);
      expect(standIn.replies[0]?.body.replyToken).toBe(event.replyToken);
      expect(JSON.stringify(standIn.replies[0]?.body.messages)).toContain("防災");

      const ready = await fetch(`${server.address}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        edition: "平成30年7月",
        backend: "embedded",
        state: "ready",
        record: { dropped: 0, failedBatches: 0 },
      });
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
    // Both lines are written; under pipe back-pressure they may reach us in either order.
    expect(server.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["shutting down", "stopped"]));
    // Shutdown wrote what was still queued: the question is in DATA_DIR's record, masked and hashed.
    const db = await openDatabase({ dataDir }, { writeIn: "caller" });
    const rows = await db.query
      .selectFrom("questions")
      .select(["question", "answer_kind", "user_hash"])
      .execute();
    await db.close();
    expect(rows).toEqual([
      {
        question: "防災訓練は実施された？",
        answer_kind: "project",
        user_hash: expect.stringMatching(/^[0-9a-f]{16}$/),
      },
    ]);
  }, 30_000);

  it("starts without LINE credentials, warns, and answers /webhook with 503", async () => {
    const server = await startServer({ DATA_DIR: dataDir });
    try {
      expect(
        server.lines.some((l) => l.level === "warn" && String(l.msg).includes("LINE_CHANNEL_SECRET")),
      ).toBe(true);
      const body = callbackBody([]);
      const response = await fetch(`${server.address}/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-line-signature": sign(body) },
        body,
      });
      expect(response.status).toBe(503);
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  }, 30_000);
});
