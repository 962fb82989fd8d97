// Prints tokenizer load, vocabulary and index build times, and search latency on the seed (medians).
import path from "node:path";
import { createEmbeddedBackend, loadVocabulary } from "../../src/index/index.js";
import { createQuestionAnalyzer, getTokenizer } from "../../src/nlp/index.js";
import { loadSeedPlan } from "../support/seed.js";

const QUESTIONS = [
  "防災訓練は実施された？",
  "ぼうさいくんれん",
  "ﾎｰﾑﾍﾟｰｼﾞは見やすくなった？",
  "景観写真展は開催されましたか？",
  "市民活動団体への補助はどうなっていますか",
  "未実施の事業はいくつありますか",
  "都市計画課が担当している事業は？",
  "ボランテアの休暇",
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const mb = () => (process.memoryUsage().rss / 1024 / 1024).toFixed(0);
const rssBefore = mb();
const plan = loadSeedPlan();
let t = performance.now();
const tokenizer = await getTokenizer();
const load = performance.now() - t;
const rssTokenizer = mb();
t = performance.now();
const vocabulary = await loadVocabulary(
  path.resolve(import.meta.dirname, "../../index-data"),
  plan,
  tokenizer,
);
const vocabularyMs = performance.now() - t;
t = performance.now();
const backend = createEmbeddedBackend({ plan, tokenizer, vocabulary });
const buildMs = performance.now() - t;
const analyzer = createQuestionAnalyzer({ tokenizer, vocabulary });

const builds: number[] = [];
for (let i = 0; i < 10; i++) {
  const start = performance.now();
  createEmbeddedBackend({ plan, tokenizer, vocabulary });
  builds.push(performance.now() - start);
}

const analyzeTimes: number[] = [];
const searchTimes: number[] = [];
for (let round = 0; round < 300; round++) {
  for (const question of QUESTIONS) {
    let start = performance.now();
    const { terms, filter } = analyzer.analyze(question);
    analyzeTimes.push(performance.now() - start);
    start = performance.now();
    await backend.search({ terms, filter });
    searchTimes.push(performance.now() - start);
  }
}
const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
console.log(`rss before tokenizer        ${rssBefore} MB`);
console.log(`tokenizer load              ${load.toFixed(0)} ms, rss ${rssTokenizer} MB`);
console.log(`loadVocabulary (cold)       ${vocabularyMs.toFixed(0)} ms`);
console.log(
  `embedded build (first)      ${buildMs.toFixed(0)} ms; warm median ${median(builds).toFixed(1)} ms`,
);
console.log(`analyze median              ${us(median(analyzeTimes))}`);
console.log(
  `search median               ${us(median(searchTimes))} (p99 ${us(searchTimes.sort((a, b) => a - b)[Math.floor(searchTimes.length * 0.99)] ?? 0)})`,
);
console.log(`rss after                   ${mb()} MB`);
