// The send after a publish, against the LINE stand-in with the real SDK client and the real SQLite
// store: recipients and batches, retry keys on a retried or resumed send, 429/5xx backoff, the quota
// and the quiet hours.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/index.js";
import { createMulticastClient, type LineMessage } from "../../src/line/index.js";
import {
  createDatabaseFollowStore,
  createNewsSender,
  type EditionNews,
  type FollowStore,
  isQuietHour,
} from "../../src/notify/index.js";
import { ENGINES } from "../support/databases.js";
import { type LineStandIn, startLineStandIn } from "../support/line-stand-in.js";

/** 14:00 JST: not quiet. */
const DAYTIME = new Date("2026-12-07T05:00:00Z");

const news: EditionNews = {
  key: "before-after",
  projects: [
    { id: "1-1-1-1", previousId: "1-1-1-1", title: "景観写真展", summary: "未実施 → 実施あり" },
    // Renumbered: follows made on the edition before carry 2-1-1-1.
    { id: "2-1-1-2", previousId: "2-1-1-1", title: "防災訓練", summary: "新しい取組 1件" },
  ],
  messageFor: (ids): LineMessage[] => [{ type: "text", text: `news:${ids.join(",")}` }],
};

function userId(n: number): string {
  return `U${n.toString(16).padStart(32, "0")}`;
}

describe.each(ENGINES)("news sender on $name", (engine) => {
  let standIn: LineStandIn;
  let db: Database;
  let store: FollowStore;
  let sleeps: number[];

  beforeAll(async () => {
    standIn = await startLineStandIn();
  });
  afterAll(async () => {
    await db?.close();
    await standIn.close();
  });
  beforeEach(async () => {
    await db?.close();
    db = await engine.open();
    store = createDatabaseFollowStore(db);
    standIn.multicasts.length = 0;
    standIn.multicastCalls.length = 0;
    standIn.multicastFaults.length = 0;
    standIn.quota = { limit: null, used: 0 };
    sleeps = [];
  });

  function sender(now = DAYTIME) {
    return createNewsSender({
      store,
      client: createMulticastClient({ channelAccessToken: "token", baseURL: standIn.baseURL }),
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
  }

  async function follow(n: number, projectId: string) {
    expect(await store.follow({ userId: userId(n), userHash: `h${n}`, projectId, title: projectId })).toBe(
      "followed",
    );
  }

  it("sends each follower of a changed project one message with all of their news, and nobody else", async () => {
    await follow(1, "1-1-1-1");
    await follow(2, "1-1-1-1");
    await follow(2, "2-1-1-1"); // followed before the renumbering
    await follow(3, "9-9-9-9"); // unchanged
    const preview = await sender().preview(news);
    expect(preview.projects.map((p) => [p.id, p.followers])).toEqual([
      ["1-1-1-1", 2],
      ["2-1-1-2", 1],
    ]);
    expect(preview).toMatchObject({ recipients: 2, calls: 2, alreadySent: 0 });
    expect(standIn.multicastCalls).toHaveLength(0);

    expect(await sender().send(news)).toEqual({
      kind: "sent",
      recipients: 2,
      calls: 2,
      alreadyAccepted: 0,
      quota: { limit: null, used: 0 },
    });
    const delivered = standIn.multicasts.map((m) => [m.body.to, m.body.messages[0]?.text]);
    expect(delivered).toEqual([
      [[userId(1)], "news:1-1-1-1"],
      [[userId(2)], "news:1-1-1-1,2-1-1-2"],
    ]);
    expect(await sender().send(news)).toEqual({ kind: "nothing-to-send", alreadySent: 2 });
    expect(standIn.multicasts).toHaveLength(2);
  });

  it("splits 1,201 followers into multicasts of at most 500", async () => {
    for (let n = 1; n <= 1201; n++) await follow(n, "1-1-1-1");
    expect(await sender().preview(news)).toMatchObject({ recipients: 1201, calls: 3 });
    expect(await sender().send(news)).toMatchObject({ kind: "sent", recipients: 1201, calls: 3 });
    expect(standIn.multicasts.map((m) => m.body.to.length)).toEqual([500, 500, 201]);
    expect(new Set(standIn.multicasts.flatMap((m) => m.body.to)).size).toBe(1201);
    expect(new Set(standIn.multicasts.map((m) => m.retryKey)).size).toBe(3);
  });

  it("retries a call whose answer was lost with the same key: LINE's 409 means delivered, never twice", async () => {
    await follow(1, "1-1-1-1");
    standIn.multicastFaults.push("accepted-no-answer");
    const outcome = await sender().send(news);
    expect(outcome).toMatchObject({ kind: "sent", recipients: 1, calls: 1, alreadyAccepted: 1 });
    expect(standIn.multicastCalls.map((c) => c.status)).toEqual([null, 409]);
    expect(new Set(standIn.multicastCalls.map((c) => c.retryKey)).size).toBe(1);
    expect(standIn.multicasts).toHaveLength(1);
  });

  it("backs off on 429 and 5xx and tries again with the same key", async () => {
    await follow(1, "1-1-1-1");
    standIn.multicastFaults.push(429, 500, 503);
    expect(await sender().send(news)).toMatchObject({ kind: "sent", recipients: 1 });
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(standIn.multicastCalls.map((c) => c.status)).toEqual([429, 500, 503, 200]);
    expect(new Set(standIn.multicastCalls.map((c) => c.retryKey)).size).toBe(1);
  });

  it("stops after five 429s, and a re-run resumes with the stored retry key", async () => {
    await follow(1, "1-1-1-1");
    await follow(2, "2-1-1-1");
    standIn.multicastFaults.push(200, 429, 429, 429, 429, 429);
    const first = await sender().send(news);
    expect(first).toMatchObject({ kind: "failed", recipients: 1, remaining: 1, status: 429 });
    const failedKey = standIn.multicastCalls.at(-1)?.retryKey;
    expect(await sender().preview(news)).toMatchObject({ recipients: 1, alreadySent: 1, resumed: 1 });

    expect(await sender().send(news)).toMatchObject({ kind: "sent", recipients: 1, calls: 1 });
    expect(standIn.multicastCalls.at(-1)).toEqual({ retryKey: failedKey, status: 200 });
    expect(standIn.multicasts.map((m) => m.body.to)).toEqual([[userId(1)], [userId(2)]]);
  });

  it("refuses a send beyond the month's remaining quota, with the numbers, unless forced", async () => {
    await follow(1, "1-1-1-1");
    await follow(2, "1-1-1-1");
    standIn.quota = { limit: 200, used: 199 };
    expect(await sender().send(news)).toEqual({
      kind: "over-quota",
      quota: { limit: 200, used: 199 },
      needed: 2,
    });
    expect(standIn.multicastCalls).toHaveLength(0);
    expect(await sender().send(news, { force: true })).toMatchObject({ kind: "sent", recipients: 2 });
  });

  it("sends when LINE cannot say the quota, and says so", async () => {
    await follow(1, "1-1-1-1");
    standIn.quota = null;
    expect(await sender().send(news)).toMatchObject({ kind: "sent", recipients: 1, quota: null });
  });

  it("sends nothing between 21:00 and 8:00 Japan time unless forced", async () => {
    await follow(1, "1-1-1-1");
    const night = new Date("2026-12-07T12:30:00Z"); // 21:30 JST
    expect(await sender(night).send(news)).toMatchObject({ kind: "quiet-hours" });
    expect(standIn.multicastCalls).toHaveLength(0);
    expect(isQuietHour(new Date("2026-12-06T22:59:00Z"))).toBe(true); // 7:59 JST
    expect(isQuietHour(new Date("2026-12-06T23:00:00Z"))).toBe(false); // 8:00 JST
    expect(isQuietHour(new Date("2026-12-07T11:59:00Z"))).toBe(false); // 20:59 JST
    expect(await sender(night).send(news, { force: true })).toMatchObject({ kind: "sent", recipients: 1 });
  });

  it("forgets a citizen: no raw id, no follows, no send record left", async () => {
    await follow(1, "1-1-1-1");
    await sender().send(news);
    expect(await store.forget("h1")).toBe(1);
    expect(await store.followersOf(["1-1-1-1"])).toEqual([]);
    expect(await db.query.selectFrom("notify_subscribers").selectAll().execute()).toEqual([]);
    expect(await store.sends(news.key)).toEqual([]);
  });
});
