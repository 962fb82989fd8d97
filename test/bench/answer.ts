// npm run bench:answer — the LINE answer path on the embedded backend: cold start, per-answer latency
// (analysis + search + compose + render) after warm-up, throughput and RSS. Prints figures; no limits.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createAnswerer, topicOf } from "../../src/answer/index.js";
import { createConversations, createMemoryChatStateStore } from "../../src/conversation/index.js";
import { editionInfoOf } from "../../src/editions/index.js";
import { buildEmbeddedEdition, readDictionaryTexts } from "../../src/index/index.js";
import { renderAnswer } from "../../src/line/render/index.js";
import { getTokenizer } from "../../src/nlp/index.js";
import { loadSeedBytes, loadSeedPlan } from "../support/seed.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");
const ROUNDS = 200;
const mb = () => (process.memoryUsage().rss / 1024 / 1024).toFixed(0);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

const questions = ["questions.jsonl", "questions-extra.jsonl"].flatMap((file) =>
  readFileSync(path.resolve(import.meta.dirname, "../eval", file), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { question: string }).question),
);

const rssStart = mb();
const t0 = performance.now();
const tokenizer = await getTokenizer();
const tokenizerMs = performance.now() - t0;
const plan = loadSeedPlan();
const info = editionInfoOf(plan, { name: "seed", bytes: loadSeedBytes() });
const dictionaries = await readDictionaryTexts(INDEX_DATA);
// Not counted in ready time: reindex computes the Sudachi layer once and the snapshot stores it.
const { sudachi } = await buildEmbeddedEdition({ plan, info, dictionaries, tokenizer });
const t1 = performance.now();
// As the server builds it: from the snapshot alone (dictionary texts and stored layer).
const edition = await buildEmbeddedEdition({ plan, info, dictionaries, sudachi, tokenizer });
const storedEditionMs = performance.now() - t1;
// Side by side, after the same warm-up: building while computing the layer (an edition without one).
const t2 = performance.now();
await buildEmbeddedEdition({ plan, info, dictionaries, tokenizer });
const computingEditionMs = performance.now() - t2;
// The answer cache is off: every round does the full work.
const answerer = createAnswerer({ live: { current: () => edition }, tokenizer, cacheSize: 0 });
await answerer.answer("防災訓練は実施された？"); // builds the per-edition analyzer
const readyMs = performance.now() - t1 + tokenizerMs;
const rssReady = mb();

for (const q of questions) renderAnswer(await answerer.answer(q)); // warm-up
const times: number[] = [];
const started = performance.now();
for (let round = 0; round < ROUNDS; round++) {
  for (const q of questions) {
    const t = performance.now();
    renderAnswer(await answerer.answer(q));
    times.push(performance.now() - t);
  }
}
const elapsed = performance.now() - started;
times.sort((a, b) => a - b);
const ms = (v: number) => `${v.toFixed(3)} ms`;

console.log(`questions                 ${questions.length} × ${ROUNDS} rounds`);
console.log(`cold: tokenizer load      ${tokenizerMs.toFixed(0)} ms`);
console.log(
  `cold: ready (tokenizer + parse + vocabulary + index + analyzer)  ${readyMs.toFixed(0)} ms   (goal < 1500 ms)`,
);
console.log(
  `edition build: stored Sudachi layer ${storedEditionMs.toFixed(0)} ms, computing it ${computingEditionMs.toFixed(0)} ms (${(computingEditionMs / storedEditionMs).toFixed(1)}×)`,
);
console.log(`answers/s                 ${((times.length / elapsed) * 1000).toFixed(0)}`);
console.log(`latency p50               ${ms(percentile(times, 0.5))}`);
console.log(`latency p99               ${ms(percentile(times, 0.99))}   (goal < 2 ms)`);
console.log(`latency max               ${ms(times[times.length - 1] ?? Number.NaN)}`);
console.log(`rss start / ready / end   ${rssStart} / ${rssReady} / ${mb()} MB   (goal < 450 MB)`);

// The same questions through conversation/ (as the webhook answers them): the cue check, the
// chat's state read for follow-up-like messages and written after each answer, over 100,000 chats.
const CHATS = 100_000;
const store = createMemoryChatStateStore({ maxEntries: CHATS });
const conversations = createConversations({ answerer, store, ttlSeconds: 600 });
let chat = 0;
const chatKey = () => `user:${(chat++ % CHATS).toString(16).padStart(64, "0")}`;
for (const q of questions) renderAnswer((await conversations.ask(chatKey(), q)).answer); // warm-up
const direct: number[] = [];
const chatted: number[] = [];
const alone = async (q: string) => {
  const t = performance.now();
  renderAnswer(await answerer.answer(q));
  direct.push(performance.now() - t);
};
const inChat = async (q: string) => {
  const t = performance.now();
  renderAnswer((await conversations.ask(chatKey(), q)).answer);
  chatted.push(performance.now() - t);
};
// Interleaved, each path first every other round: both see the same machine load and warm caches.
for (let round = 0; round < ROUNDS; round++) {
  for (const q of questions) {
    if (round % 2 === 0) {
      await alone(q);
      await inChat(q);
    } else {
      await inChat(q);
      await alone(q);
    }
  }
}
direct.sort((a, b) => a - b);
chatted.sort((a, b) => a - b);
const p50Direct = percentile(direct, 0.5);
const p50Chat = percentile(chatted, 0.5);
console.log(
  `conversation path p50     ${ms(p50Chat)} vs ${ms(p50Direct)} answered alone (${(((p50Chat - p50Direct) / p50Direct) * 100).toFixed(1)}%, goal ≤ 10%)`,
);

// Chat state memory: 100,000 chats, each remembering a list topic (the largest kind).
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const full = createMemoryChatStateStore({ maxEntries: CHATS });
const listAnswer = await answerer.answer("市民活動支援課の事業は？");
const topic = topicOf(listAnswer);
if (!topic) throw new Error("no topic for the list answer");
for (let i = 0; i < CHATS; i++)
  await full.set(
    `user:${i.toString(16).padStart(64, "0")}`,
    { topic: structuredClone(topic), answeredAt: Date.now() },
    600,
  );
globalThis.gc?.();
const perChat = (process.memoryUsage().heapUsed - heapBefore) / CHATS;
console.log(
  `chat state memory         ${((perChat * CHATS) / 1024 / 1024).toFixed(0)} MB for ${full.size} chats (${perChat.toFixed(0)} bytes each; bound CONVERSATION_MAX_CHATS)`,
);
