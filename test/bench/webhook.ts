// `npm run bench`: signed webhook → reply recorded at the LINE stand-in, at concurrency 32 (loopback only).
// Compares the bot with a bare Fastify route that only verifies the signature (the ceiling) and with the
// LINE SDK's canonical echo bot on Express. Each server under test runs in a child process (this file with
// --serve); the load generator and the stand-in share the parent, as LINE's side would be elsewhere.

import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
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
import {
  createMemoryDeduper,
  createReplyClient,
  decodeFollowUp,
  renderAnswer,
} from "../../src/line/index.js";
import { createLogger } from "../../src/logger.js";
import { getTokenizer } from "../../src/nlp/index.js";
import {
  type ConversationStore,
  createRecorder,
  createSqliteStore,
  openRecordDatabase,
} from "../../src/record/index.js";
import { seedEdition } from "../eval/pipeline.js";
import { type LineStandIn, type RecordedReply, startLineStandIn } from "../support/line-stand-in.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  callbackBody,
  sign,
  textEvent,
} from "../support/webhook-fixtures.js";

const CONNECTIONS = 32;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const WARMUP = 300;
const QUESTIONS = [
  "防災訓練は実施された？",
  "景観写真展は開催されましたか？",
  "市民活動保険はいつから始まった？",
  "未実施の事業はいくつありますか",
  "都市計画課が担当している事業は？",
  "ボランテアの休暇",
  "こんにちは",
  "市民活動団体への補助はどうなっていますか",
];

/** The part of autocannon used here (it ships no types). */
interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  duration: number;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  amount: number;
  timeout: number;
  requests: { method: "POST"; setupRequest: (request: AutocannonRequest) => AutocannonRequest }[];
}
interface AutocannonRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (
  o: AutocannonOptions,
) => Promise<AutocannonResult>;

interface Signed {
  body: Buffer;
  signature: string;
  replyToken: string;
}

function signedRequests(count: number): Signed[] {
  return Array.from({ length: count }, (_, i) => {
    const event = textEvent(QUESTIONS[i % QUESTIONS.length] ?? "");
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
}

interface Served {
  address: string;
  close(): Promise<void>;
}
type ServerKind = "bot" | "bot-uncached" | "bot-record" | "ceiling" | "echo";
const SERVER_KINDS: readonly ServerKind[] = ["ceiling", "echo", "bot", "bot-uncached", "bot-record"];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function load(
  standIn: LineStandIn,
  name: string,
  url: string,
  expectReplies: boolean,
): Promise<Figures> {
  const run = async (count: number) => {
    const requests = signedRequests(count);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let lastReply = 0;
    standIn.onReply = (reply: RecordedReply) => {
      const started = sentAt.get(reply.body.replyToken);
      if (started === undefined) return;
      latencies.push(reply.receivedAt - started);
      lastReply = reply.receivedAt;
    };
    let next = 0;
    const firstSend = performance.now();
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      amount: count,
      timeout: 10,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
            const signed = requests[next++ % requests.length] as Signed;
            sentAt.set(signed.replyToken, performance.now());
            return {
              ...request,
              headers: { "content-type": "application/json", "x-line-signature": signed.signature },
              body: signed.body,
            };
          },
        },
      ],
    });
    if (expectReplies) {
      const deadline = performance.now() + 10_000;
      while (latencies.length < count && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    return { result, latencies: latencies.sort((a, b) => a - b), firstSend, lastReply };
  };
  await run(WARMUP);
  const { result, latencies, firstSend, lastReply } = await run(REQUESTS);
  return {
    name,
    requestsPerSecond: result.requests.total / result.duration,
    httpP50: result.latency.p50,
    httpP99: result.latency.p99,
    repliesPerSecond: expectReplies ? latencies.length / ((lastReply - firstSend) / 1000) : null,
    replyP50: expectReplies ? percentile(latencies, 50) : null,
    replyP99: expectReplies ? percentile(latencies, 99) : null,
    failures: result.non2xx + result.errors + (expectReplies ? REQUESTS - latencies.length : 0),
  };
}

/**
 * The conversation record on a fresh DATA_DIR. On exit it prints, per batch, the time the event loop
 * spent handing the batch over (what a reply could wait for) and the time the writer thread took.
 */
function benchRecorder() {
  const store = createSqliteStore(
    openRecordDatabase({ dataDir: mkdtempSync(path.join(tmpdir(), "bench-record-")) }),
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

async function serveBot(standInURL: string, cacheSize?: number, record = false): Promise<Served> {
  const config = loadConfig({
    LINE_CHANNEL_SECRET: CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: CHANNEL_ACCESS_TOKEN,
    LINE_API_BASE_URL: standInURL,
  });
  // Production logging (info, one line per event), written to /dev/null.
  const logger = createLogger({
    level: "info",
    destination: pino.destination({ dest: "/dev/null", sync: false }),
  });
  const edition = await seedEdition();
  const live = { current: () => edition, health: () => edition.backend.health() };
  const recorded = record ? benchRecorder() : null;
  const app = buildApp({
    config,
    logger,
    answerer: createAnswerer({
      live,
      tokenizer: await getTokenizer(),
      ...(cacheSize === undefined ? {} : { cacheSize }),
    }),
    render: renderAnswer,
    decodeFollowUp,
    live,
    replyClient: createReplyClient({ channelAccessToken: CHANNEL_ACCESS_TOKEN, baseURL: standInURL }),
    dedupe: createMemoryDeduper(),
    ...(recorded ? { recorder: recorded.recorder } : {}),
  });
  const close = async () => {
    await app.close();
    await recorded?.close();
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
    kind === "bot"
      ? await serveBot(standInURL)
      : kind === "bot-uncached"
        ? await serveBot(standInURL, 0)
        : kind === "bot-record"
          ? await serveBot(standInURL, undefined, true)
          : kind === "echo"
            ? await serveEcho(standInURL)
            : await serveCeiling();
  process.stdout.write(`${JSON.stringify({ address: served.address })}\n`);
  process.once("SIGTERM", () => {
    served.close().then(() => process.exit(0));
  });
}

/** Parent mode: runs `kind` in a child process and loads it. */
async function measure(standIn: LineStandIn, kind: ServerKind, name: string, expectReplies: boolean) {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE === kind ? ["--cpu-prof", "--cpu-prof-dir=.scratch/prof"] : []),
      "--import",
      "tsx",
      import.meta.filename,
      "--serve",
      kind,
      standIn.baseURL,
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise((resolve) => child.on("exit", resolve));
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let buffered = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        const line = buffered.split("\n")[0];
        if (buffered.includes("\n") && line) resolve((JSON.parse(line) as { address: string }).address);
      });
      exited.then(() => reject(new Error(`${kind} server exited`)));
    });
    return await load(standIn, name, `${address}/webhook`, expectReplies);
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

const f = (n: number | null, digits = 0) => (n === null ? "-" : n.toFixed(digits));

const NAMES: Record<ServerKind, string> = {
  ceiling: "ceiling (bare Fastify, signature only)",
  echo: "SDK echo bot (Express)",
  bot: "bot (answer + render + reply)",
  "bot-uncached": "bot, answer cache off",
  "bot-record": "bot, conversation record on",
};

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
  };
}

async function main(): Promise<void> {
  const standIn = await startLineStandIn();
  try {
    // Rounds interleave the servers, so a noisy moment on the shared machine hits them all alike.
    const runs = new Map<ServerKind, Figures[]>(SERVER_KINDS.map((k) => [k, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of SERVER_KINDS) {
        const figures = await measure(standIn, kind, NAMES[kind], kind !== "ceiling");
        runs.get(kind)?.push(figures);
        process.stderr.write(
          `round ${round + 1}/${ROUNDS}: ${kind} ${f(figures.repliesPerSecond ?? figures.requestsPerSecond)}/s\n`,
        );
      }
    }
    const [ceiling, echo, bot, uncached, recorded] = SERVER_KINDS.map((k) => medianOf(runs.get(k) ?? []));
    if (!ceiling || !echo || !bot || !uncached || !recorded) return;
    console.log(
      `\nwebhook bench: ${REQUESTS} requests × ${ROUNDS} rounds, ${CONNECTIONS} connections, loopback; medians`,
    );
    console.log("name | webhook req/s | webhook p50/p99 ms | replies/s | reply p50/p99 ms | failures");
    for (const r of [ceiling, echo, bot, uncached, recorded]) {
      console.log(
        `${r.name} | ${f(r.requestsPerSecond)} | ${f(r.httpP50)}/${f(r.httpP99)} | ${f(r.repliesPerSecond)} | ${f(r.replyP50, 1)}/${f(r.replyP99, 1)} | ${r.failures}`,
      );
    }
    const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
    for (const r of [bot, uncached, recorded]) {
      const rate = r.repliesPerSecond ?? 0;
      console.log(
        `${r.name}: replies/s ÷ ceiling req/s ${pct(rate, ceiling.requestsPerSecond)}, ÷ echo bot replies/s ${(rate / (echo.repliesPerSecond ?? 1)).toFixed(2)}×`,
      );
    }
    console.log(
      `record on ÷ record off: replies/s ${pct(recorded.repliesPerSecond ?? 0, bot.repliesPerSecond ?? 1)}, reply p99 ${f(recorded.replyP99, 1)} vs ${f(bot.replyP99, 1)} ms`,
    );
  } finally {
    await standIn.close();
  }
}

const [mode, kind, standInURL] = process.argv.slice(2);
if (mode === "--serve" && SERVER_KINDS.includes(kind as ServerKind) && standInURL) {
  await serve(kind as ServerKind, standInURL);
} else {
  await main();
}
