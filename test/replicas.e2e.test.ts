// Three bot processes (`node dist/server.js`, as `npm start` runs it) behind an imaginary load balancer,
// on one PostgreSQL, one Redis and one Meilisearch, each with a DATA_DIR of its own (a container's
// temporary disk); LINE is the loopback stand-in. What one replica did, the others must know.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { webhook } from "@line/bot-sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/index.js";
import { createStaffAccounts } from "../src/record/index.js";
import { nextEdition, officeBytes } from "./support/editions.js";
import { type LineStandIn, startLineStandIn } from "./support/line-stand-in.js";
import {
  MEILISEARCH_BINARY,
  MEILISEARCH_SKIP_MESSAGE,
  startMeilisearch,
  type TestMeilisearch,
} from "./support/meilisearch-server.js";
import { type Started, startServer } from "./support/server-process.js";
import {
  createTestDatabase,
  POSTGRES_SKIP_MESSAGE,
  REDIS_SKIP_MESSAGE,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  type TestDatabase,
  testKeyPrefix,
} from "./support/services.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  callbackBody,
  postbackEvent,
  redelivered,
  sign,
  textEvent,
} from "./support/webhook-fixtures.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const BUILT = { command: [process.execPath, "dist/server.js"], cwd: ROOT };

/** dist/ as `npm ci` leaves it (prepare); rebuilt here only when a source file is newer. */
function ensureBuilt(): void {
  const built = path.join(ROOT, "dist/server.js");
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const full = path.join(dir, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
    }, 0);
  if (existsSync(built) && statSync(built).mtimeMs >= newest(path.join(ROOT, "src"))) return;
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
}

/** A webhook event of its own: ids no other test file (sharing the fixtures' sequence) uses. */
function freshTextEvent(question: string, userId: string): webhook.MessageEvent {
  const unique = randomBytes(8).toString("hex").toUpperCase();
  return {
    ...textEvent(question),
    webhookEventId: `01J${unique}`.padEnd(26, "0"),
    replyToken: `rt-replicas-${unique}`,
    source: { type: "user", userId },
  };
}

const STAFF = { name: "staff-replicas", password: "a long staff password 2026" };

const citizen = () => `U${randomBytes(16).toString("hex")}`;

const missing = [
  TEST_DATABASE_URL ? null : POSTGRES_SKIP_MESSAGE,
  TEST_REDIS_URL ? null : REDIS_SKIP_MESSAGE,
  MEILISEARCH_BINARY ? null : `Meilisearch ${MEILISEARCH_SKIP_MESSAGE}`,
].filter((reason): reason is string => reason !== null);

const NAME = "three replicas on one PostgreSQL, one Redis and one Meilisearch";

describe.skipIf(missing.length > 0)(NAME, () => {
  let dir: string;
  let standIn: LineStandIn;
  let meilisearch: TestMeilisearch;
  let database: TestDatabase;
  let record: pg.Client;
  let shared: Record<string, string>;
  const replicas: Started[] = [];
  const dataDirs: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    dir = await mkdtemp(path.join(tmpdir(), "shiroi-replicas-"));
    [standIn, meilisearch, database] = await Promise.all([
      startLineStandIn(),
      startMeilisearch(),
      createTestDatabase(TEST_DATABASE_URL ?? ""),
    ]);
    const keyPrefix = testKeyPrefix();
    for (let i = 0; i < 3; i++) dataDirs.push(path.join(dir, `replica-${i}`));
    // What the bot and its CLI share, on every replica.
    shared = {
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: CHANNEL_ACCESS_TOKEN,
      LINE_API_BASE_URL: standIn.baseURL,
      USER_HASH_SECRET: "replicas-test-user-hash-secret",
      SEARCH_BACKEND: "meilisearch",
      MEILISEARCH_HOST: meilisearch.host,
      MEILISEARCH_API_KEY: meilisearch.masterKey,
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL ?? "",
      REDIS_KEY_PREFIX: keyPrefix,
      ADMIN_SESSION_SECRET: "a replicas test secret, at least 32 bytes long",
      // The load balancer in front: each test signs in from an address of its own.
      TRUST_PROXY: "127.0.0.1",
    };
    const db = await openDatabase({ url: database.url }, { writeIn: "caller" });
    await createStaffAccounts(db).add(STAFF.name, "editor", STAFF.password);
    await db.close();
    replicas.push(
      ...(await Promise.all(dataDirs.map((dataDir) => startServer({ ...shared, DATA_DIR: dataDir }, BUILT)))),
    );
    record = new pg.Client({ connectionString: database.url });
    await record.connect();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(
      replicas.map(async (replica) => {
        replica.child.kill("SIGKILL");
        await replica.exited;
      }),
    );
    await record?.end();
    await database?.drop();
    await standIn?.close();
    await meilisearch?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** POSTs one signed event to a replica; the HTTP status, or 0 when the replica is gone. */
  async function deliver(replica: Started, event: webhook.Event): Promise<number> {
    const body = callbackBody([event], { escapeNonAscii: true });
    try {
      const response = await fetch(`${replica.address}/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-line-signature": sign(body) },
        body,
      });
      return response.status;
    } catch {
      return 0;
    }
  }

  const repliesTo = (token: string | undefined) =>
    standIn.replies.filter((reply) => reply.body.replyToken === token);

  async function until(condition: () => boolean, ms = 15_000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return condition();
  }

  async function count(query: string, value: string): Promise<number> {
    const result = await record.query<{ n: string }>(query, [value]);
    return Number(result.rows[0]?.n ?? 0);
  }
  const recordedQuestions = (question: string) =>
    count("SELECT count(*) AS n FROM questions WHERE question = $1", question);

  /** Polls an async condition. */
  async function eventually(condition: () => Promise<boolean>, ms = 15_000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!(await condition()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return condition();
  }

  /** Sends `event` to `replica` and waits for its reply: the reply's messages. */
  async function answered(replica: Started, event: webhook.Event): Promise<unknown[]> {
    expect(await deliver(replica, event)).toBe(200);
    const token = "replyToken" in event ? event.replyToken : undefined;
    expect(await until(() => repliesTo(token).length > 0)).toBe(true);
    return repliesTo(token)[0]?.body.messages ?? [];
  }

  it("a redelivered event sent to each replica gets exactly one reply and one record row", async () => {
    const question = "防災訓練は実施された？";
    const event = freshTextEvent(question, citizen());
    const statuses = await Promise.all([
      deliver(replicas[0] as Started, event),
      deliver(replicas[1] as Started, redelivered(event)),
      deliver(replicas[2] as Started, redelivered(event)),
    ]);
    expect(statuses).toEqual([200, 200, 200]);
    expect(await until(() => repliesTo(event.replyToken).length > 0)).toBe(true);
    // The record is written in batches about a second after the reply.
    expect(await eventually(async () => (await recordedQuestions(question)) > 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 2500));
    expect(repliesTo(event.replyToken)).toHaveLength(1);
    expect(await recordedQuestions(question)).toBe(1);
    const duplicates = replicas.flatMap((r) => r.lines).filter((l) => l.outcome === "duplicate");
    expect(duplicates.filter((l) => l.eventId === event.webhookEventId)).toHaveLength(2);
  });

  it("a 「解決しましたか？」 tap on another replica is recorded", async () => {
    const [a, b] = replicas as [Started, Started];
    const userId = citizen();
    const asked = freshTextEvent("市民活動保険はいつから始まった？", userId);
    const messages = (await answered(a, asked)) as {
      quickReply?: { items: { action: { data?: string } }[] };
    }[];
    const yes = messages.at(-1)?.quickReply?.items[0]?.action.data ?? "";
    expect(yes).toMatch(/^r1\|[A-Za-z0-9_-]{16}\|y$/);
    const questionId = yes.split("|")[1] ?? "";
    // Tapped at once: the question may not be written yet when the tap reaches the other replica.
    const tap: webhook.PostbackEvent = { ...postbackEvent(yes), source: { type: "user", userId } };
    expect(JSON.stringify(await answered(b, tap))).toContain("お役に立ててよかった");
    const feedback = "SELECT count(*) AS n FROM feedback WHERE question_id = $1 AND resolved = 1";
    expect(await eventually(async () => (await count(feedback, questionId)) === 1)).toBe(true);
  });

  it("a follow-up sent to a different replica from its antecedent is answered about the right topic", async () => {
    const [a, b] = replicas as [Started, Started];
    const userId = citizen();
    // The citizen reads the answer from A; the load balancer sends the next message to B.
    await answered(a, freshTextEvent("景観写真展は開催されましたか？", userId));
    const reply = JSON.stringify((await answered(b, freshTextEvent("担当課は？", userId)))[0] ?? null);
    expect(reply).toContain("景観写真展の開催」の事業について）");
    expect(reply).toContain("都市計画課");
  });

  /** One sign-in attempt through the console's form on `replica`, from `client`: its status. */
  async function signIn(replica: Started, client: string, username: string, password: string) {
    const from = { "x-forwarded-for": client };
    const page = await fetch(`${replica.address}/admin/login`, { headers: from });
    const cookie = (page.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const response = await fetch(`${replica.address}/admin/login`, {
      method: "POST",
      redirect: "manual",
      headers: { ...from, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
    });
    return { status: response.status, page: await response.text() };
  }

  it("a lockout on one replica holds on the others", async () => {
    const [a, b, c] = replicas as [Started, Started, Started];
    for (let i = 0; i < 5; i++)
      expect((await signIn(a, "198.51.100.20", STAFF.name, "wrong")).status).toBe(401);
    // The right password, on the other replicas, from elsewhere too: still refused while locked.
    for (const [replica, client] of [
      [b, "198.51.100.20"],
      [c, "198.51.100.21"],
    ] as const) {
      const refused = await signIn(replica, client, STAFF.name, STAFF.password);
      expect(refused.status).toBe(429);
      expect(refused.page).toContain("一時的にログインできません");
    }
  });

  it("sign-in attempts from one address count once across the replicas", async () => {
    const attempts: number[] = [];
    // The console allows 10 attempts a minute per address; spread over three replicas, still 10.
    for (let i = 0; i < 11; i++) {
      const replica = replicas[i % 3] as Started;
      attempts.push((await signIn(replica, "203.0.113.9", `nobody-${i}`, "wrong")).status);
    }
    expect(attempts.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(attempts[10]).toBe(429);
  });

  /** `npm run <command> -- …` from the built CLI, on replica `index`'s machine (its DATA_DIR). */
  function cli(index: number, args: string[]): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, ["dist/cli/bin.js", ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...shared, DATA_DIR: dataDirs[index] ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
  }

  /** The first message of a replica's answer to `question`, as JSON text. */
  async function ask(replica: Started, question: string): Promise<string> {
    const event = freshTextEvent(question, citizen());
    expect(await deliver(replica, event)).toBe(200);
    await until(() => repliesTo(event.replyToken).length > 0);
    return JSON.stringify(repliesTo(event.replyToken)[0]?.body.messages[0] ?? null);
  }

  it("a publish through one replica's CLI is answered by all three (goal 2 s)", async () => {
    const question = "景観写真展は開催されましたか？";
    for (const replica of replicas) expect(await ask(replica, question)).toContain("未実施");
    const file = path.join(dir, "shiroi-plan-progress-2020-07.txt");
    await writeFile(file, officeBytes(nextEdition()));
    const published = await cli(1, ["reindex", file]);
    expect(published.code, published.output).toBe(0);
    // The goal is 2 s: each replica hears of it at once (NOTIFY, Redis), then builds the new edition's
    // embedded index before serving it; 4 s was measured on a shared, loaded 2-core machine, hence 6 s here.
    const deadline = Date.now() + 6000;
    const live = async (replica: Started) => {
      const ready = (await (await fetch(`${replica.address}/readyz`)).json()) as { edition?: string };
      return ready.edition ?? "";
    };
    const switched = async () =>
      (await Promise.all(replicas.map(live))).every((e) => e.includes("令和2年7月"));
    while (!(await switched()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await Promise.all(replicas.map(live))).toEqual(
      Array(3).fill(expect.stringContaining("令和2年7月")),
    );
    for (const replica of replicas) {
      const answer = await ask(replica, question);
      expect(answer).toContain("実施あり");
      expect(answer).not.toContain("未実施");
    }
  }, 120_000);

  it("one replica killed during a burst loses nothing the others were given", async () => {
    const [a, b, c] = replicas as [Started, Started, Started];
    const events = Array.from({ length: 45 }, (_, i) =>
      freshTextEvent(
        ["防災訓練は実施された？", "景観写真展は開催されましたか？", "介護予防推進員"][i % 3] ?? "",
        citizen(),
      ),
    );
    const given: webhook.MessageEvent[] = [];
    const lost: webhook.MessageEvent[] = [];
    // A load balancer spreads the burst over the three; C dies a third of the way through.
    await Promise.all(
      events.map(async (event, i) => {
        const replica = [a, b, c][i % 3] as Started;
        if (i === 15) c.child.kill("SIGKILL");
        const status = await deliver(replica, event);
        if (status === 200 && replica !== c) given.push(event);
        if (status !== 200) lost.push(event);
      }),
    );
    await c.exited;
    // LINE redelivers what was not acknowledged; the load balancer sends it to the living replicas.
    await Promise.all(lost.map((event, i) => deliver(i % 2 ? a : b, redelivered(event))));
    const expected = [...given, ...lost];
    expect(given.length).toBeGreaterThanOrEqual(30);
    expect(await until(() => expected.every((e) => repliesTo(e.replyToken).length > 0), 30_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    // Nothing answered twice, C's own included.
    for (const event of events) expect(repliesTo(event.replyToken).length).toBeLessThanOrEqual(1);
  });
});

describe.skipIf(missing.length === 0)(NAME, () => {
  it.skip(`skipped: ${missing.join("; ")}`, () => {});
});
