// npm run bench:hostile — hostile 5,000-character questions through the real analyzer and the whole
// answer path (analyze + search + compose + render). Prints medians and maxima; goal: each well below 50 ms.
import { createAnswerer } from "../../src/answer/index.js";
import { renderAnswer } from "../../src/line/index.js";
import { createQuestionAnalyzer, createWordExtractor, getTokenizer } from "../../src/nlp/index.js";
import { seedEdition } from "../eval/pipeline.js";
import { HOSTILE_QUESTIONS } from "../support/hostile-inputs.js";

const ROUNDS = 15;
const GOAL_MS = 50;

const tokenizer = await getTokenizer();
const edition = await seedEdition();
const analyzer = createQuestionAnalyzer({ tokenizer, vocabulary: edition.vocabulary });
const answerer = createAnswerer({ live: { current: () => edition }, tokenizer, cacheSize: 0 });
const extractor = createWordExtractor(tokenizer, {
  readings: new Map(Object.entries(edition.vocabulary.planReadings ?? {})),
});

async function measure(work: () => unknown): Promise<{ median: number; max: number }> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? Number.NaN, max: times[times.length - 1] ?? 0 };
}

const ms = (v: number) => `${v.toFixed(2).padStart(8)} ms`;
console.log(`${ROUNDS} rounds each; question length 5,000 UTF-16 units; goal < ${GOAL_MS} ms`);
console.log(
  `${"input".padEnd(30)}${"analyze p50".padStart(14)}${"max".padStart(12)}${"answer p50".padStart(14)}${"max".padStart(12)}${"words (no cap) p50".padStart(21)}`,
);
let worst = 0;
for (const [name, text] of Object.entries(HOSTILE_QUESTIONS)) {
  const analyze = await measure(() => analyzer.analyze(text));
  const answer = await measure(async () => renderAnswer(await answerer.answer(text)));
  const words = await measure(() => extractor.extract(text));
  worst = Math.max(worst, analyze.max, answer.max);
  console.log(
    `${name.padEnd(30)}${ms(analyze.median).padStart(14)}${ms(analyze.max).padStart(12)}${ms(answer.median).padStart(14)}${ms(answer.max).padStart(12)}${ms(words.median).padStart(21)}`,
  );
}
console.log(`worst analyze/answer time: ${worst.toFixed(2)} ms (goal < ${GOAL_MS} ms)`);
