// The path a LINE text message takes (analysis → search → answer → render), over the seed edition.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { messagingApi } from "@line/bot-sdk";
import { type Answerer, createAnswerer } from "../../src/answer/index.js";
import { editionInfoOf } from "../../src/editions/index.js";
import { buildEmbeddedEdition, type IndexedEdition } from "../../src/index/index.js";
import { renderAnswer } from "../../src/line/render/index.js";
import { getTokenizer } from "../../src/nlp/index.js";
import { loadSeedBytes, loadSeedPlan, SEED_PATH } from "../support/seed.js";
import { type EvalQuestion, type EvalResult, parseQuestions, scoreAnswer } from "./score.js";

export const INDEX_DATA_DIR = path.resolve(import.meta.dirname, "../../index-data");
/** Whole messages as citizens send them: preambles, phone typing, combined filters, out of scope (issue #17). */
export const DISCOURSE_FILES = [
  "questions-citizen-preambles.jsonl",
  "questions-citizen-phone.jsonl",
  "questions-citizen-combined.jsonl",
  "questions-citizen-outside.jsonl",
] as const;
/** Questions written the way residents type on LINE, one file per kind of difficulty (issue #9). */
export const CITIZEN_FILES = [
  "questions-citizen-words.jsonl",
  "questions-citizen-typos.jsonl",
  "questions-citizen-measures.jsonl",
  "questions-citizen-several.jsonl",
  "questions-citizen-departments.jsonl",
  "questions-citizen-verbs.jsonl",
  "questions-citizen-lists.jsonl",
  "questions-citizen-english.jsonl",
  ...DISCOURSE_FILES,
] as const;

/** The sample set, our own questions on other projects, and our rewordings of the sample questions. */
export const QUESTION_FILES = [
  "questions.jsonl",
  "questions-extra.jsonl",
  "questions-paraphrased.jsonl",
  ...CITIZEN_FILES,
] as const;

/** The seed indexed the way the bot indexes an edition: vocabulary from index-data, embedded backend. */
export async function seedEdition(): Promise<IndexedEdition> {
  const plan = loadSeedPlan();
  const info = editionInfoOf(plan, { name: path.basename(SEED_PATH), bytes: loadSeedBytes() }, new Date(0));
  return buildEmbeddedEdition({ plan, info, indexDataDir: INDEX_DATA_DIR });
}

export interface Pipeline {
  edition: IndexedEdition;
  answerer: Answerer;
  reply(question: string): Promise<messagingApi.Message[]>;
}

export async function createPipeline(): Promise<Pipeline> {
  const edition = await seedEdition();
  const answerer = createAnswerer({ live: { current: () => edition }, tokenizer: await getTokenizer() });
  return { edition, answerer, reply: async (question) => renderAnswer(await answerer.answer(question)) };
}

export function loadQuestions(file: (typeof QUESTION_FILES)[number]): EvalQuestion[] {
  return parseQuestions(readFileSync(path.join(import.meta.dirname, file), "utf8"));
}

export async function evaluate(pipeline: Pipeline, questions: EvalQuestion[]): Promise<EvalResult[]> {
  const results: EvalResult[] = [];
  for (const question of questions)
    results.push(scoreAnswer(question, await pipeline.reply(question.question)));
  return results;
}
