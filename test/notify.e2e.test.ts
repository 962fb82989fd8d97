// お知らせ end to end: citizens follow projects through the webhook (real HTTP), staff publish next
// year's edition with `reindex`, `notify --dry-run` says who would hear what, `notify` sends it through
// the LINE stand-in, exactly once to each follower of a changed project.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnswerer } from "../src/answer/index.js";
import { buildApp } from "../src/app.js";
import { run as notify } from "../src/cli/notify.js";
import { run as reindex } from "../src/cli/reindex.js";
import { type Database, openDatabase } from "../src/db/index.js";
import { type LiveEditionHandle, loadBundledEdition, openLiveEdition } from "../src/editions/index.js";
import { createMemoryDeduper, createReplyClient, decodeFollowUp, renderAnswer } from "../src/line/index.js";
import { createLogger } from "../src/logger.js";
import { getTokenizer } from "../src/nlp/index.js";
import { createDatabaseFollowStore, type FollowStore } from "../src/notify/index.js";
import { captureIo } from "./support/cli-io.js";
import { nextEdition } from "./support/editions.js";
import { type LineStandIn, startLineStandIn } from "./support/line-stand-in.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  callbackBody,
  eventId,
  sign,
} from "./support/webhook-fixtures.js";

const CITIZENS = {
  a: "U1000000000000000000000000000000a",
  b: "U2000000000000000000000000000000b",
  c: "U3000000000000000000000000000000c",
} as const;

type Source = { type: "user"; userId: string } | { type: "group"; groupId: string; userId: string };

function userSource(userId: string): Source {
  return { type: "user", userId };
}

function base(source: Source) {
  return {
    timestamp: Date.now(),
    mode: "active",
    webhookEventId: eventId(),
    deliveryContext: { isRedelivery: false },
    source,
    replyToken: `rt-${eventId()}`,
  };
}

function text(source: Source, question: string) {
  return {
    ...base(source),
    type: "message",
    message: { id: "1", type: "text", text: question, quoteToken: "q" },
  };
}

function postback(source: Source, data: string) {
  return { ...base(source), type: "postback", postback: { data } };
}

interface Button {
  label: string;
  data: string;
}

/** Every postback button and quick reply of a reply, with its label. */
function buttonsOf(messages: unknown): Button[] {
  const found: Button[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (record.type === "postback" && typeof record.data === "string" && typeof record.label === "string")
        found.push({ label: record.label, data: record.data });
      Object.values(record).forEach(walk);
    }
  };
  walk(messages);
  return found;
}

describe("お知らせ: follow through the webhook, publish with reindex, notify", () => {
  let dataDir: string;
  let standIn: LineStandIn;
  let live: LiveEditionHandle;
  let app: FastifyInstance;
  let url: string;
  let database: Database;
  let follows: FollowStore;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "notify-e2e-"));
    standIn = await startLineStandIn();
    env = {
      DATA_DIR: dataDir,
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: CHANNEL_ACCESS_TOKEN,
      LINE_API_BASE_URL: standIn.baseURL,
    };

    const tokenizer = await getTokenizer();
    live = await openLiveEdition({
      dataDir,
      indexDataDir: path.resolve("index-data"),
      bundled: () => loadBundledEdition(path.resolve("index-data")),
      search: { backend: "embedded" },
      logger: createLogger({ level: "silent" }),
      tokenizer,
      watch: false,
    });
    database = await openDatabase({ dataDir });
    follows = createDatabaseFollowStore(database);
    app = buildApp({
      config: {
        line: { channelSecret: CHANNEL_SECRET, channelAccessToken: CHANNEL_ACCESS_TOKEN },
        webhookBodyLimit: 1_048_576,
        userHash: { secret: "notify-e2e-user-hash-secret" },
      },
      logger: createLogger({ level: "silent" }),
      answerer: createAnswerer({ live, tokenizer }),
      render: renderAnswer,
      decodeFollowUp,
      live,
      replyClient: createReplyClient({ channelAccessToken: CHANNEL_ACCESS_TOKEN, baseURL: standIn.baseURL }),
      dedupe: createMemoryDeduper(),
      follows,
    });
    url = `${await app.listen({ port: 0, host: "127.0.0.1" })}/webhook`;
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await live?.close();
    await standIn?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Sends one event over HTTP and returns the reply LINE received for it. */
  async function send(event: { replyToken: string }) {
    const body = callbackBody([event], { escapeNonAscii: true });
    const before = standIn.replies.length;
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-line-signature": sign(body) },
      body,
    });
    expect(response.status).toBe(200);
    for (let i = 0; i < 200 && standIn.replies.length === before; i++)
      await new Promise((r) => setTimeout(r, 10));
    const reply = standIn.replies.at(-1);
    expect(reply?.body.replyToken).toBe(event.replyToken);
    return reply?.body.messages ?? [];
  }

  async function follow(userId: string, question: string): Promise<string> {
    const card = await send(text(userSource(userId), question));
    const button = buttonsOf(card).find((b) => b.label.includes("お知らせ"));
    expect(button?.label).toBe("変わったらお知らせ");
    const confirmed = await send(postback(userSource(userId), button?.data ?? ""));
    expect(JSON.stringify(confirmed)).toContain("お知らせします");
    return button?.data ?? "";
  }

  it("follows, publishes, previews and sends each follower of a changed project one message, once", async () => {
    const photo = await follow(CITIZENS.a, "景観写真展は開催されましたか？");
    expect(await follow(CITIZENS.b, "景観写真展は開催されましたか？")).toBe(photo);
    await follow(CITIZENS.b, "防災訓練は実施された？");
    await follow(CITIZENS.c, "防災訓練は実施された？");

    // Asked again, the card offers to stop instead.
    const again = await send(text(userSource(CITIZENS.a), "景観写真展は開催されましたか？"));
    expect(buttonsOf(again).map((b) => b.label)).toContain("お知らせを止める");

    // In a group nobody's follow is made: no button, and a tapped one is refused.
    const group: Source = { type: "group", groupId: "Cgroup000000000000000000000000000", userId: CITIZENS.c };
    const mention = "@白井市プラン";
    const asked = text(group, `${mention} 景観写真展は開催されましたか？`);
    const mentioned = {
      ...asked,
      message: {
        ...asked.message,
        mention: { mentionees: [{ type: "user", index: 0, length: mention.length, isSelf: true }] },
      },
    };
    const inGroup = await send(mentioned);
    expect(buttonsOf(inGroup).some((b) => b.label.includes("お知らせ"))).toBe(false);
    expect(JSON.stringify(await send(postback(group, photo)))).toContain("1対1のトーク");

    const listed = await send(text(userSource(CITIZENS.b), "お知らせの一覧"));
    expect(JSON.stringify(listed)).toContain("お知らせを受け取っている事業（2件）");

    // Next year's edition: 景観写真展 未実施 → 実施あり; 防災訓練 unchanged.
    const file = path.join(dataDir, "next.txt");
    await writeFile(file, nextEdition());
    const published = captureIo(process.cwd(), env);
    expect(await reindex([file], published.io), published.err()).toBe(0);

    const dry = captureIo(process.cwd(), env);
    expect(await notify(["--dry-run"], dry.io), dry.err()).toBe(0);
    const projectId = photo.split("|")[2] ?? "";
    expect(dry.out()).toMatch(new RegExp(`${projectId}\\s+.*景観写真展.*未実施 → 実施あり.*followers: 2`));
    expect(dry.out()).toContain("messages: 2");
    expect(standIn.multicasts).toHaveLength(0);

    const sent = captureIo(process.cwd(), env);
    expect(await notify(["--force"], sent.io), sent.err()).toBe(0);
    expect(sent.out()).toContain("sent: 2 message(s) in 1 multicast call(s)");
    expect(standIn.multicasts).toHaveLength(1);
    const [call] = standIn.multicasts;
    expect(call?.body.to.sort()).toEqual([CITIZENS.a, CITIZENS.b]);
    expect(call?.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    const message = call?.body.messages[0]?.text ?? "";
    expect(message).toContain("景観意識を醸成するための景観写真展の開催");
    expect(message).toContain("未実施 → 実施あり");
    expect(message).toContain("平成30年度～令和元年度（2018～2019年度）");
    expect(message).not.toContain("防災訓練");

    const rerun = captureIo(process.cwd(), env);
    expect(await notify(["--force"], rerun.io), rerun.err()).toBe(0);
    expect(rerun.out()).toContain("nothing to send");
    expect(standIn.multicasts).toHaveLength(1);

    // 「最近変わったことは？」 answers from the same publish.
    await live.reload();
    const changes = JSON.stringify(await send(text(userSource(CITIZENS.c), "最近変わったことは？")));
    expect(changes).toContain("【状況が変わった】景観意識を醸成するための景観写真展の開催");
    expect(changes).toContain("【新しい事業】市民向けオープンデータポータルの公開");
  });

  it("forgets every follow of a citizen who blocks the account", async () => {
    const hash = (await import("../src/record/index.js")).createUserHasher("notify-e2e-user-hash-secret");
    expect((await follows.followed(hash(CITIZENS.b))).length).toBeGreaterThan(0);
    const body = callbackBody([
      {
        type: "unfollow",
        mode: "active",
        timestamp: Date.now(),
        webhookEventId: eventId(),
        deliveryContext: { isRedelivery: false },
        source: userSource(CITIZENS.b),
      },
    ]);
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-line-signature": sign(body) },
      body,
    });
    expect(response.status).toBe(200);
    for (let i = 0; i < 200 && (await follows.followed(hash(CITIZENS.b))).length > 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(await follows.followed(hash(CITIZENS.b))).toEqual([]);
    expect(await follows.followed(hash(CITIZENS.a))).toHaveLength(1);
  });
});
