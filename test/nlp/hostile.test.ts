// Hostile but legal questions through the real analyzer, answerer and renderer. The bounds are
// generous on purpose (timings are for `npm run bench:hostile`); what fails here is a freeze or a throw.
import { beforeAll, describe, expect, it } from "vitest";
import { type Answerer, createAnswerer } from "../../src/answer/index.js";
import type { IndexedEdition } from "../../src/index/index.js";
import { renderAnswer } from "../../src/line/index.js";
import {
  boundQuestion,
  createQuestionAnalyzer,
  createWordExtractor,
  getTokenizer,
  type JapaneseTokenizer,
  MAX_QUESTION_LENGTH,
  type QuestionAnalyzer,
  safeForTokenizer,
} from "../../src/nlp/index.js";
import { seedEdition } from "../eval/pipeline.js";
import { HOSTILE_QUESTIONS, LINE_TEXT_MAX } from "../support/hostile-inputs.js";

const GENEROUS_MS = 1_000;

let tokenizer: JapaneseTokenizer;
let edition: IndexedEdition;
let analyzer: QuestionAnalyzer;
let answerer: Answerer;

beforeAll(async () => {
  tokenizer = await getTokenizer();
  edition = await seedEdition();
  analyzer = createQuestionAnalyzer({ tokenizer, vocabulary: edition.vocabulary });
  answerer = createAnswerer({ live: { current: () => edition }, tokenizer, cacheSize: 0 });
});

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

describe.each(Object.entries(HOSTILE_QUESTIONS))("hostile question: %s", (_name, text) => {
  it("is analyzed quickly, from its first MAX_QUESTION_LENGTH characters only", () => {
    expect(text.length).toBe(LINE_TEXT_MAX);
    const { value, ms } = timed(() => analyzer.analyze(text));
    expect(ms).toBeLessThan(GENEROUS_MS);
    expect(value.original.length).toBeLessThanOrEqual(MAX_QUESTION_LENGTH);
  });

  it("gets an answer that says the rest was not read", async () => {
    const started = performance.now();
    const answer = await answerer.answer(text);
    const messages = renderAnswer(answer);
    expect(performance.now() - started).toBeLessThan(GENEROUS_MS);
    expect(answer.ignoredCharacters).toBeGreaterThan(0);
    expect(JSON.stringify(messages)).toContain(`最後の${MAX_QUESTION_LENGTH}文字で調べました`);
  });

  it("is split into words in time linear in its length (the index side has no question cap)", () => {
    const extractor = createWordExtractor(tokenizer, {
      readings: new Map(Object.entries(edition.vocabulary.planReadings ?? {})),
    });
    expect(timed(() => extractor.extract(text)).ms).toBeLessThan(4 * GENEROUS_MS);
  });
});

describe("text made safe for the tokenizer", () => {
  it("keeps lengths, so token offsets still point into the original", () => {
    const text = "防\u0000災\uD83D訓\uDE00練😀";
    const safe = safeForTokenizer(text);
    expect(safe).toBe("防 災\uFFFD訓\uFFFD練😀");
    expect(safe.length).toBe(text.length);
  });

  it("tokenizes NUL, controls and a mention-split emoji instead of throwing", () => {
    const emoji = "😀";
    const split = `防災訓練${emoji.charAt(0)}は？\u0000\u0007`;
    const tokens = tokenizer.tokenize(split);
    expect(tokens.map((t) => t.surface).join("")).toContain("防災訓練");
  });

  it("answers a question whose mention split an emoji pair", async () => {
    const answer = await answerer.answer(`防災訓練は実施された？${"😀".charAt(1)}`);
    expect(answer.kind).toBe("project");
  });
});

describe("boundQuestion", () => {
  it("never cuts inside a surrogate pair and counts what it left", () => {
    const text = `${"あ".repeat(MAX_QUESTION_LENGTH - 1)}😀の続き`;
    const bounded = boundQuestion(text);
    expect(bounded.text).toBe("あ".repeat(MAX_QUESTION_LENGTH - 1));
    expect(bounded.ignored).toBe(text.length - (MAX_QUESTION_LENGTH - 1));
  });

  it("leaves a short question alone", () => {
    expect(boundQuestion("  防災訓練は？ ")).toEqual({ text: "防災訓練は？", ignored: 0 });
  });

  it("answers a sentence too long to read whole by its end, with the note", async () => {
    const question = "防災訓練は実施された？";
    const long = `${"あ".repeat(300)}${" ".repeat(MAX_QUESTION_LENGTH - question.length)}${question}`;
    const short = await answerer.answer(question);
    const answer = await answerer.answer(long);
    expect(answer.kind).toBe(short.kind);
    // The cut moves past the space it falls in, so that no word is split.
    const unread = answer.ignoredCharacters ?? 0;
    expect(unread).toBeGreaterThanOrEqual(300);
    expect(unread).toBeLessThan(320);
    expect(short.ignoredCharacters).toBeUndefined();
    // A Flex card stays as it is; the note follows it.
    const [card, note] = renderAnswer(answer);
    expect(card).toEqual(renderAnswer(short)[0]);
    expect(JSON.stringify(note)).toContain(`前の${unread}文字`);
  });

  it("answers the last sentence of a message of the largest legal length, all of it read", async () => {
    const question = "政策法務研修は実施されていますか？";
    const sentence = "白井市に住んで十年になります。広報紙は毎号読んでいます。";
    const story = sentence.repeat(Math.floor((LINE_TEXT_MAX - question.length) / sentence.length));
    const message = `${story.padEnd(LINE_TEXT_MAX - question.length, "！")}${question}`;
    expect(message.length).toBe(LINE_TEXT_MAX);
    const answer = await answerer.answer(message);
    expect(answer).toEqual(await answerer.answer(question));
  });
});
