import { beforeAll, describe, expect, it } from "vitest";
import { createPipeline, evaluate, loadQuestions, type Pipeline } from "./pipeline.js";

/** The level reached; the suite fails if answers get worse. */
const PASSING = {
  "questions.jsonl": 24,
  "questions-extra.jsonl": 35,
  "questions-paraphrased.jsonl": 102,
  "questions-citizen-words.jsonl": 21,
  "questions-citizen-typos.jsonl": 20,
  "questions-citizen-measures.jsonl": 20,
  "questions-citizen-several.jsonl": 18,
  "questions-citizen-departments.jsonl": 18,
  "questions-citizen-verbs.jsonl": 18,
  "questions-citizen-lists.jsonl": 16,
  "questions-citizen-english.jsonl": 23,
  "questions-citizen-preambles.jsonl": 24,
  "questions-citizen-phone.jsonl": 22,
  "questions-citizen-combined.jsonl": 26,
  "questions-citizen-outside.jsonl": 18,
  "questions-conversations.jsonl": 65,
} as const;

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await createPipeline();
});

describe("answer evaluation over the LINE code path", () => {
  it.each(Object.entries(PASSING) as [keyof typeof PASSING, number][])(
    "%s keeps at least %i passing",
    async (file, level) => {
      const results = await evaluate(pipeline, loadQuestions(file));
      const failing = results
        .filter((r) => !r.passed)
        .map((r) => `${r.id} ${r.question}: ${r.missing.concat(r.forbidden).join(", ")}`);
      expect(results.length).toBeGreaterThanOrEqual(level);
      expect(results.filter((r) => r.passed).length, failing.join("\n")).toBeGreaterThanOrEqual(level);
    },
  );
});
