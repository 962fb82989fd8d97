// `npm run bench:burst`: 10,000 text events in 100 signed requests, all sent at once, against the real
// app (real answerer over the seed edition, real reply client, LINE stand-in on loopback). Prints the
// acknowledgement p50/p99 (goal: every one within 1 s), the answers and "busy" replies sent, the events
// dropped, and the server's peak RSS. The server runs in its own process (test/bench/webhook.ts --serve bot).
import { readFile } from "node:fs/promises";
import { startLineStandIn } from "../support/line-stand-in.js";
import { callbackBody, sign, textEvent } from "../support/webhook-fixtures.js";
import { neverRepeating } from "./question-mix.js";
import { startServerChild } from "./serve-child.js";

const REQUESTS = Number(process.env.BURST_REQUESTS ?? 100);
const EVENTS_PER_REQUEST = Number(process.env.BURST_EVENTS_PER_REQUEST ?? 100);
const BUSY_TEXT_START = "ただいまお問い合わせが集中しています";

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

async function peakRssMb(pid: number): Promise<string> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return `${(kb / 1024).toFixed(0)} MB`;
  } catch {
    return "(unknown: no /proc)";
  }
}

const standIn = await startLineStandIn();
const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir=.scratch/prof"] : [];
const server = await startServerChild("bot", standIn.baseURL, profile);
const { child, address } = server;
try {
  const questions = neverRepeating(REQUESTS * EVENTS_PER_REQUEST);
  const bodies = Array.from({ length: REQUESTS }, (_, r) => {
    const events = questions
      .slice(r * EVENTS_PER_REQUEST, (r + 1) * EVENTS_PER_REQUEST)
      .map((q) => textEvent(q));
    return Buffer.from(callbackBody(events, { escapeNonAscii: true }));
  });
  const rssBefore = await peakRssMb(child.pid ?? 0);

  const started = performance.now();
  const acks = await Promise.all(
    bodies.map(async (body) => {
      const sent = performance.now();
      const response = await fetch(`${address}/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-line-signature": sign(body) },
        body,
      });
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - sent };
    }),
  );
  const ackedAt = performance.now();
  const total = REQUESTS * EVENTS_PER_REQUEST;

  // Wait until every event has an outcome (a reply, or a counted drop), or a minute passes.
  type Ready = { metrics: { replies: number; busyReplies: number; dropped: number; handlerErrors: number } };
  let ready: Ready | null = null;
  const deadline = performance.now() + 60_000;
  for (;;) {
    ready = (await (await fetch(`${address}/readyz`)).json()) as Ready;
    const { replies, dropped, handlerErrors } = ready.metrics;
    if (replies + dropped + handlerErrors >= total || performance.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const doneAt = performance.now();
  const latencies = acks.map((a) => a.ms).sort((a, b) => a - b);
  const busy = standIn.replies.filter((r) => r.body.messages[0]?.text?.startsWith(BUSY_TEXT_START)).length;

  console.log(`burst bench: ${total} events in ${REQUESTS} signed requests, all sent at once (loopback)`);
  console.log(
    `acknowledgements: ${acks.filter((a) => a.status === 200).length}/${REQUESTS} × 200, p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${(latencies.at(-1) ?? 0).toFixed(0)} ms (goal: all within 1000 ms)`,
  );
  console.log(
    `replies sent: ${standIn.replies.length} (answers ${standIn.replies.length - busy}, "busy, please ask again" ${busy}); dropped and counted: ${ready?.metrics.dropped ?? "?"}; handler errors: ${ready?.metrics.handlerErrors ?? "?"}`,
  );
  console.log(
    `all acknowledged after ${(ackedAt - started).toFixed(0)} ms; every event settled after ${((doneAt - started) / 1000).toFixed(1)} s`,
  );
  console.log(`server peak RSS: ${await peakRssMb(child.pid ?? 0)} (after start-up: ${rssBefore})`);
} finally {
  await server.stop();
  await standIn.close();
}
