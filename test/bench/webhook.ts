// `npm run bench`: signed webhook → reply recorded at the LINE stand-in (loopback only).
// Compares the bot with a bare Fastify route that only verifies the signature (the ceiling) and with the
// LINE SDK's canonical echo bot on Express, on two question mixes: a few questions repeating (as after a
// newsletter) and questions that never repeat (the answer cache cannot help).
// The load is a closed loop of 32 citizens, each sending its next question only when the reply to the
// previous one has reached the stand-in: every server gets the same offered load. (A generator that waits
// only for the 200 would flood the bot, which acknowledges before answering, and pile replies up, while the
// echo bot, which replies before acknowledging, throttles its own load.) Printed per case: requests/s and
// 200 latency, replies/s and reply latency (sent → reply received), failures; medians over rounds that
// interleave the cases, and the bot ÷ echo ratios from the same run. Each server under test runs in a child
// process (this file with --serve); the load generator and the stand-in share the parent, as LINE's side
// would be elsewhere.
// `npm run bench -- --shared` adds the bot on PostgreSQL and Redis (BENCH_DATABASE_URL / BENCH_REDIS_URL, or
// TEST_DATABASE_URL / TEST_REDIS_URL) beside the embedded defaults (SQLite, memory), record on, same run.

import { mkdtempSync } from "node:fs";
import { Agent, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { messagingApi, middleware, validateSignature, type webhook } from "@line/bot-sdk";
import express from "express";
import Fastify from "fastify";
import pino from "pino";
import { createAnswerer } from "../../src/answer/index.js";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/index.js";
import { createKeyDeduper, createReplyClient, decodeFollowUp, renderAnswer } from "../../src/line/index.js";
import { createLogger } from "../../src/logger.js";
import { getTokenizer } from "../../src/nlp/index.js";
import { type ConversationStore, createDatabaseStore, createRecorder } from "../../src/record/index.js";
import { createMemoryState, createRedisState } from "../../src/state/index.js";
import { seedEdition } from "../eval/pipeline.js";
import { type LineStandIn, type RecordedReply, startLineStandIn } from "../support/line-stand-in.js";
import { createTestDatabase } from "../support/services.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  callbackBody,
  sign,
  textEvent,
} from "../support/webhook-fixtures.js";
import { checkBaseline, writeBaseline } from "./baseline.js";
import { processStats } from "./process-stats.js";
import { neverRepeating, REPEATING_QUESTIONS } from "./question-mix.js";
import { startServerChild } from "./serve-child.js";
import { measureStart } from "./startup.js";

/** Citizens waiting at once: each sends its next question only once the previous one was answered. */
const CONNECTIONS = 32;
/** BENCH_SHORT=1 (CI): the bot and the echo bot on both mixes, fewer requests, the same guard. */
const SHORT = process.env.BENCH_SHORT === "1";
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? (SHORT ? 600 : 3000));
const WARMUP = SHORT ? 150 : 300;
/** The bot runs as in a 512 MB container: a bounded V8 heap, and the cgroup BENCH_MEMORY_CGROUP when given. */
const MAX_OLD_SPACE_MB = Number(process.env.BENCH_MAX_OLD_SPACE_MB ?? 256);
const MEMORY_CGROUP = process.env.BENCH_MEMORY_CGROUP || undefined;
/** A request, or a reply after its request, slower than this counts as a failure. */
const TIMEOUT_MS = 10_000;

interface Signed {
  body: Buffer;
  signature: string;
  replyToken: string;
}

type Mix = "repeating" | "never-repeating";

/** Questions for `count` requests, never repeating across the warm-up and the measured run. */
function questionsFor(mix: Mix, count: number, offset: number): string[] {
  if (mix === "repeating")
    return Array.from({ length: count }, (_, i) => REPEATING_QUESTIONS[i % REPEATING_QUESTIONS.length] ?? "");
  return neverRepeating(offset + count).slice(offset);
}

function signedRequests(questions: readonly string[]): Signed[] {
  return questions.map((question) => {
    const event = textEvent(question);
    const body = Buffer.from(callbackBody([event], { escapeNonAscii: true }));
    return { body, signature: sign(body), replyToken: event.replyToken ?? "" };
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

interface Figures {
  name: string;
  requestsPerSecond: number;
  httpP50: number;
  httpP99: number;
  repliesPerSecond: number | null;
  replyP50: number | null;
  replyP99: number | null;
  failures: number;
  /** The server's CPU time (user + system, from /proc) per request, warm-up included. */
  cpuMsPerRequest: number | null;
  /** The server's resident memory once it listened, and its peak over the whole run (VmHWM). */
  rssAfterStartMb: number | null;
  peakRssMb: number | null;
}

interface Served {
  address: string;
  close(): Promise<void>;
}
type ServerKind = "bot" | "bot-record" | "bot-shared" | "ceiling" | "echo";
const SERVER_KINDS: readonly ServerKind[] = ["ceiling", "echo", "bot", "bot-record", "bot-shared"];
/** `--shared`: the bot on PostgreSQL and Redis too, beside the embedded defaults. */
const SHARED = process.argv.includes("--shared");
const sharedEngines = () => ({
  databaseUrl: process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL,
  redisUrl: process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL,
});
/** What is measured: the server and the questions it gets. */
interface Case {
  kind: ServerKind;
  mix: Mix;
}
const ALL_CASES: readonly Case[] = [
  { kind: "ceiling", mix: "repeating" },
  { kind: "echo", mix: "repeating" },
  { kind: "bot", mix: "repeating" },
  { kind: "echo", mix: "never-repeating" },
  { kind: "bot", mix: "never-repeating" },
  { kind: "bot-record", mix: "never-repeating" },
  ...(SHARED ? [{ kind: "bot-shared", mix: "never-repeating" } as const] : []),
];
/** The short run: the bot and the echo bot on both mixes. */
const CASES = SHORT ? ALL_CASES.filter((c) => c.kind === "echo" || c.kind === "bot") : ALL_CASES;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (SHORT ? 1 : 3));

/** POSTs one signed webhook body; resolves with the status once the response has been read. */
function post(url: URL, agent: Agent, signed: Signed): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": String(signed.body.length),
          "x-line-signature": signed.signature,
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.setTimeout(TIMEOUT_MS, () => request.destroy(new Error("request timed out")));
    request.on("error", reject);
    request.end(signed.body);
  });
}

/**
 * Closed loop at equal offered load: CONNECTIONS citizens each send a question, wait for its reply at
 * the stand-in (and for the 200), then send the next. A server that acknowledges first cannot take
 * more questions than it answers, and one that replies before acknowledging gains nothing either:
 * replies/s and reply latency compare like with like.
 */
async function load(
  standIn: LineStandIn,
  name: string,
  url: string,
  expectReplies: boolean,
  mix: Mix,
): Promise<Omit<Figures, "cpuMsPerRequest" | "rssAfterStartMb" | "peakRssMb">> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const run = async (count: number, offset: number) => {
    const requests = signedRequests(questionsFor(mix, count, offset));
    const waiting = new Map<string, () => void>();
    standIn.onReply = (reply: RecordedReply) => waiting.get(reply.body.replyToken)?.();
    const ackLatencies: number[] = [];
    const replyLatencies: number[] = [];
    let failures = 0;
    let next = 0;
    const citizen = async () => {
      while (next < requests.length) {
        const signed = requests[next++] as Signed;
        const sent = performance.now();
        let timer: NodeJS.Timeout | undefined;
        const replied = expectReplies
          ? new Promise<boolean>((resolve) => {
              waiting.set(signed.replyToken, () => resolve(true));
              timer = setTimeout(() => resolve(false), TIMEOUT_MS);
            })
          : Promise.resolve(false);
        const status = await post(target, agent, signed).catch(() => 0);
        ackLatencies.push(performance.now() - sent);
        if (status !== 200) failures++;
        if (expectReplies) {
          if (await replied) replyLatencies.push(performance.now() - sent);
          else failures++;
          clearTimeout(timer);
          waiting.delete(signed.replyToken);
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, citizen));
    const seconds = (performance.now() - started) / 1000;
    const sorted = (values: number[]) => values.sort((a, b) => a - b);
    return { acks: sorted(ackLatencies), replies: sorted(replyLatencies), failures, seconds };
  };
  try {
    await run(WARMUP, 0);
    const { acks, replies, failures, seconds } = await run(REQUESTS, WARMUP);
    return {
      name,
      requestsPerSecond: acks.length / seconds,
      httpP50: percentile(acks, 50),
      httpP99: percentile(acks, 99),
      repliesPerSecond: expectReplies ? replies.length / seconds : null,
      replyP50: expectReplies ? percentile(replies, 50) : null,
      replyP99: expectReplies ? percentile(replies, 99) : null,
      failures,
    };
  } finally {
    agent.destroy();
  }
}

/**
 * The conversation record on a fresh DATA_DIR. On exit it prints, per batch, the time the event loop
 * spent handing the batch over (what a reply could wait for) and the time the writer thread took.
 */
async function benchRecorder(databaseUrl?: string) {
  const store = createDatabaseStore(
    await openDatabase(
      databaseUrl ? { url: databaseUrl } : { dataDir: mkdtempSync(path.join(tmpdir(), "bench-record-")) },
    ),
  );
  const handOver: number[] = [];
  const written: number[] = [];
  const timed: ConversationStore = {
    ...store,
    write: async (batch) => {
      const started = performance.now();
      const writing = store.write(batch);
      handOver.push(performance.now() - started);
      await writing;
      written.push(performance.now() - started);
    },
  };
  const recorder = createRecorder({ store: timed, logger: console });
  const ms = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `median ${percentile(sorted, 50).toFixed(2)} ms, max ${(sorted.at(-1) ?? 0).toFixed(2)} ms`;
  };
  const close = async () => {
    await recorder.close();
    await store.close();
    const { written: rows, dropped } = recorder.stats();
    process.stderr.write(
      `  record: ${rows} rows in ${written.length} batches, dropped ${dropped}; event loop per batch ${ms(handOver)}; writer thread per batch ${ms(written)}\n`,
    );
  };
  return { recorder, close };
}

/** `shared`: the record on PostgreSQL and shared state on Redis; otherwise SQLite and memory. */
async function serveBot(standInURL: string, record = false, shared = false): Promise<Served> {
  const config = loadConfig({
    LINE_CHANNEL_SECRET: CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: CHANNEL_ACCESS_TOKEN,
    LINE_API_BASE_URL: standInURL,
    // `npm run bench:burst` may size the answer queue.
    ANSWER_CONCURRENCY: process.env.ANSWER_CONCURRENCY,
    ANSWER_QUEUE_MAX: process.env.ANSWER_QUEUE_MAX,
  });
  // Production logging (info, one line per event), written to /dev/null.
  const logger = createLogger({
    level: "info",
    destination: pino.destination({ dest: "/dev/null", sync: false }),
  });
  const edition = await seedEdition();
  const live = { current: () => edition, health: () => edition.backend.health() };
  const { databaseUrl, redisUrl } = sharedEngines();
  const state =
    shared && redisUrl
      ? await createRedisState({ url: redisUrl, prefix: `bench:${process.pid}:`, logger: console })
      : createMemoryState();
  const recorded = record ? await benchRecorder(shared ? databaseUrl : undefined) : null;
  const app = buildApp({
    config,
    logger,
    answerer: createAnswerer({ live, tokenizer: await getTokenizer() }),
    render: renderAnswer,
    decodeFollowUp,
    live,
    replyClient: createReplyClient({ channelAccessToken: CHANNEL_ACCESS_TOKEN, baseURL: standInURL }),
    dedupe: createKeyDeduper(state.keys),
    sharedState: state,
    ...(recorded ? { recorder: recorded.recorder } : {}),
  });
  const close = async () => {
    await app.close();
    await recorded?.close();
    await state.close();
  };
  return { address: await app.listen({ port: 0, host: "127.0.0.1" }), close };
}

async function serveCeiling(): Promise<Served> {
  const app = Fastify();
  app.register(async (scope) => {
    scope.removeContentTypeParser("application/json");
    scope.addContentTypeParser("application/json", { parseAs: "buffer" }, (_r, body, done) =>
      done(null, body),
    );
    scope.post("/webhook", async (request, reply) => {
      const signature = request.headers["x-line-signature"];
      const ok =
        Buffer.isBuffer(request.body) &&
        typeof signature === "string" &&
        validateSignature(request.body, CHANNEL_SECRET, signature);
      return reply.code(ok ? 200 : 401).send();
    });
  });
  return { address: await app.listen({ port: 0, host: "127.0.0.1" }), close: () => app.close() };
}

/** The SDK's canonical echo bot (README / examples/echo-bot-ts), on Express 5. */
async function serveEcho(standInURL: string): Promise<Served> {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: CHANNEL_ACCESS_TOKEN,
    baseURL: standInURL,
  });
  const handleEvent = async (event: webhook.Event) => {
    if (event.type !== "message" || event.message.type !== "text" || !event.replyToken) return null;
    return client.replyMessage({
      replyToken: event.replyToken,
      messages: [{ type: "text", text: event.message.text }],
    });
  };
  const app = express();
  app.post("/webhook", middleware({ channelSecret: CHANNEL_SECRET }), (req, res) => {
    const body = req.body as webhook.CallbackRequest;
    Promise.all(body.events.map(handleEvent))
      .then((result) => res.json(result))
      .catch(() => res.status(500).end());
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Child mode: start one server, print its address, stop on SIGTERM. */
async function serve(kind: ServerKind, standInURL: string): Promise<void> {
  const served =
    kind === "bot" || kind === "bot-record" || kind === "bot-shared"
      ? await serveBot(standInURL, kind !== "bot", kind === "bot-shared")
      : kind === "echo"
        ? await serveEcho(standInURL)
        : await serveCeiling();
  process.stdout.write(`${JSON.stringify({ address: served.address })}\n`);
  process.once("SIGTERM", () => {
    served.close().then(() => process.exit(0));
  });
}

/** Parent mode: runs `kind` in a child process and loads it. */
async function measure(
  standIn: LineStandIn,
  { kind, mix }: Case,
  name: string,
  expectReplies: boolean,
): Promise<Figures> {
  const isBot = kind === "bot" || kind === "bot-record";
  const profile =
    process.env.BENCH_PROFILE === kind
      ? ["--cpu-prof", "--cpu-prof-dir=.scratch/prof", "--heap-prof", "--heap-prof-dir=.scratch/prof"]
      : [];
  const limits = isBot ? [`--max-old-space-size=${MAX_OLD_SPACE_MB}`] : [];
  const server = await startServerChild(
    kind,
    standIn.baseURL,
    [...limits, ...profile],
    isBot ? MEMORY_CGROUP : undefined,
  );
  try {
    const started = processStats(server.child.pid);
    const figures = await load(standIn, name, `${server.address}/webhook`, expectReplies, mix);
    const ended = processStats(server.child.pid);
    return {
      ...figures,
      cpuMsPerRequest: started && ended ? (ended.cpuMs - started.cpuMs) / (WARMUP + REQUESTS) : null,
      rssAfterStartMb: started?.rssMb ?? null,
      peakRssMb: ended?.peakRssMb ?? null,
    };
  } finally {
    await server.stop();
  }
}

const f = (n: number | null, digits = 0) => (n === null ? "-" : n.toFixed(digits));

const NAMES: Record<ServerKind, string> = {
  ceiling: "ceiling (bare Fastify, signature only)",
  echo: "SDK echo bot (Express)",
  bot: "bot (answer + render + reply)",
  "bot-record": "bot, conversation record on",
  "bot-shared": "bot, record on PostgreSQL, state on Redis",
};

const caseName = ({ kind, mix }: Case) => `${NAMES[kind]}, ${mix}`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function medianOf(runs: Figures[]): Figures {
  const pick = (key: keyof Omit<Figures, "name">) => {
    const values = runs.map((r) => r[key]).filter((v): v is number => v !== null);
    return values.length ? median(values) : null;
  };
  return {
    name: runs[0]?.name ?? "",
    requestsPerSecond: pick("requestsPerSecond") ?? 0,
    httpP50: pick("httpP50") ?? 0,
    httpP99: pick("httpP99") ?? 0,
    repliesPerSecond: pick("repliesPerSecond"),
    replyP50: pick("replyP50"),
    replyP99: pick("replyP99"),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    cpuMsPerRequest: pick("cpuMsPerRequest"),
    rssAfterStartMb: pick("rssAfterStartMb"),
    // The largest peak of any round, not a median.
    peakRssMb: runs.some((r) => r.peakRssMb !== null) ? Math.max(...runs.map((r) => r.peakRssMb ?? 0)) : null,
  };
}

async function main(): Promise<void> {
  const { databaseUrl, redisUrl } = sharedEngines();
  if (SHARED && (!databaseUrl || !redisUrl)) {
    console.error(
      'bench --shared: set BENCH_DATABASE_URL and BENCH_REDIS_URL (or eval "$(test/support/services.sh start)")',
    );
    process.exit(2);
  }
  // A database of its own on the server, for the children to write the record to.
  const database = SHARED && databaseUrl ? await createTestDatabase(databaseUrl) : null;
  if (database) process.env.BENCH_DATABASE_URL = database.url;
  const standIn = await startLineStandIn();
  try {
    // Rounds interleave the cases, so a noisy moment on the shared machine hits them all alike.
    const runs = new Map<Case, Figures[]>(CASES.map((c) => [c, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of CASES) {
        const figures = await measure(standIn, c, caseName(c), c.kind !== "ceiling");
        runs.get(c)?.push(figures);
        process.stderr.write(
          `round ${round + 1}/${ROUNDS}: ${caseName(c)} ${f(figures.repliesPerSecond ?? figures.requestsPerSecond)}/s\n`,
        );
      }
    }
    const results = new Map(CASES.map((c) => [c, medianOf(runs.get(c) ?? [])]));
    const of = (kind: ServerKind, mix: Mix) => {
      const found = CASES.find((c) => c.kind === kind && c.mix === mix);
      return found ? results.get(found) : undefined;
    };
    console.log(
      `\nwebhook bench: ${REQUESTS} requests × ${ROUNDS} rounds, ${CONNECTIONS} connections, loopback; medians` +
        `; bot with --max-old-space-size=${MAX_OLD_SPACE_MB}${MEMORY_CGROUP ? ` in cgroup ${MEMORY_CGROUP}` : ""}`,
    );
    console.log(
      "name | webhook req/s | webhook p50/p99 ms | replies/s | reply p50/p99 ms | failures | CPU ms/request | RSS after start / peak MB",
    );
    for (const r of results.values()) {
      console.log(
        `${r.name} | ${f(r.requestsPerSecond)} | ${f(r.httpP50)}/${f(r.httpP99)} | ${f(r.repliesPerSecond)} | ${f(r.replyP50, 1)}/${f(r.replyP99, 1)} | ${r.failures} | ${f(r.cpuMsPerRequest, 2)} | ${f(r.rssAfterStartMb)} / ${f(r.peakRssMb)}`,
      );
    }
    const ceiling = of("ceiling", "repeating");
    const ratios: Partial<Record<Mix, number>> = {};
    for (const mix of ["repeating", "never-repeating"] as const) {
      const bot = of("bot", mix) ?? of("bot-record", mix);
      const echo = of("echo", mix);
      if (!bot || !echo) continue;
      const rate = bot.repliesPerSecond ?? 0;
      ratios[mix] = rate / (echo.repliesPerSecond ?? 1);
      console.log(
        `${mix}: ${bot.name} ÷ echo bot: replies/s ${ratios[mix]?.toFixed(2)}× (goal ≥ ${mix === "repeating" ? "1.0" : "0.9"}×), ` +
          `reply p99 ${((bot.replyP99 ?? 0) / (echo.replyP99 ?? 1)).toFixed(2)}× (${f(bot.replyP99, 1)} vs ${f(echo.replyP99, 1)} ms, goal ≤ 1.25×), ` +
          `CPU per request ${((bot.cpuMsPerRequest ?? 0) / (echo.cpuMsPerRequest ?? 1)).toFixed(2)}×` +
          (ceiling ? `, ÷ ceiling req/s ${((rate / ceiling.requestsPerSecond) * 100).toFixed(0)}%` : ""),
      );
    }
    const off = of("bot", "never-repeating");
    const on = of("bot-record", "never-repeating");
    if (off && on) {
      console.log(
        `never-repeating: record on ÷ off replies/s ${((on.repliesPerSecond ?? 0) / (off.repliesPerSecond ?? 1)).toFixed(3)} (goal ≥ 0.95), ` +
          `reply p50/p99 on ${f(on.replyP50, 1)}/${f(on.replyP99, 1)} ms vs off ${f(off.replyP50, 1)}/${f(off.replyP99, 1)} ms`,
      );
    }
    const shared = of("bot-shared", "never-repeating");
    if (on && shared) {
      console.log(
        `never-repeating, record on: PostgreSQL + Redis ÷ SQLite + memory replies/s ${((shared.repliesPerSecond ?? 0) / (on.repliesPerSecond ?? 1)).toFixed(3)} (goal ≥ 0.9), ` +
          `reply p50/p99 ${f(shared.replyP50, 1)}/${f(shared.replyP99, 1)} ms vs ${f(on.replyP50, 1)}/${f(on.replyP99, 1)} ms`,
      );
    }
    if (on) console.log(`peak RSS with the record on: ${f(on.peakRssMb)} MB (goal ≤ 380 MB)`);
    if (!SHORT) await printStart();
    const failed = results.size > 0 && [...results.values()].some((r) => r.failures > 0);
    if (!guard(ratios) || failed) process.exitCode = 1;
  } finally {
    await standIn.close();
    await database?.drop();
  }
}

/** The real entry point (dist/server.js): time to the first 200 from /healthz and /readyz, RSS then. */
async function printStart(): Promise<void> {
  const start = await measureStart();
  if (!start) {
    console.log("start: dist/server.js not found (npm run build first)");
    return;
  }
  console.log(
    `start (node dist/server.js, fresh DATA_DIR, median of ${start.runs}): first 200 from /healthz ${start.healthzMs.toFixed(0)} ms (goal ≤ 1500), ` +
      `from /readyz ${start.readyzMs.toFixed(0)} ms; RSS when ready ${start.rssMb.toFixed(0)} MB (goal ≤ 300), peak ${start.peakRssMb.toFixed(0)} MB`,
  );
}

/** The bot ÷ echo ratios against test/bench/baseline.json; BENCH_WRITE_BASELINE=1 records them instead. */
function guard(ratios: Partial<Record<Mix, number>>): boolean {
  if (process.env.BENCH_WRITE_BASELINE === "1") {
    writeBaseline(ratios);
    console.log("baseline written: test/bench/baseline.json");
    return true;
  }
  const problems = checkBaseline(ratios);
  for (const problem of problems) console.log(`REGRESSION: ${problem}`);
  if (problems.length === 0) console.log("replies/s ratios within 10% of test/bench/baseline.json");
  return problems.length === 0;
}

const [mode, kind, standInURL] = process.argv.slice(2);
if (mode === "--serve" && SERVER_KINDS.includes(kind as ServerKind) && standInURL) {
  await serve(kind as ServerKind, standInURL);
} else {
  await main();
}
