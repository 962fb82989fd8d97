// The path a LINE text message takes (analysis → search → answer → render), over the seed edition.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { messagingApi } from "@line/bot-sdk";
import { type Answerer, createAnswerer } from "../../src/answer/index.js";
import { buildApp } from "../../src/app.js";
import { editionInfoOf } from "../../src/editions/index.js";
import { buildEmbeddedEdition, type IndexedEdition } from "../../src/index/index.js";
import {
  createMemoryDeduper,
  createReplyClient,
  decodeFollowUp,
  renderAnswer,
} from "../../src/line/index.js";
import { createLogger } from "../../src/logger.js";
import { getTokenizer } from "../../src/nlp/index.js";
import { startLineStandIn } from "../support/line-stand-in.js";
import { loadSeedBytes, loadSeedPlan, SEED_PATH } from "../support/seed.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  callbackBody,
  replyToken,
  sign,
  textEvent,
} from "../support/webhook-fixtures.js";
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
  /** Conversations of two or three messages, sent through the webhook (issue #17). */
  "questions-conversations.jsonl",
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

/**
 * The whole LINE path over real HTTP: the app listening on loopback, signed webhook calls, replies
 * caught by the LINE stand-in. `converse` sends each message after the reply to the one before.
 */
export interface WebhookPipeline {
  converse(userId: string, turns: readonly string[]): Promise<messagingApi.Message[]>;
  /** Every message in one webhook call, as LINE batches them; the replies in the order they were sent. */
  sendTogether(userId: string, texts: readonly string[]): Promise<messagingApi.Message[][]>;
  close(): Promise<void>;
}

const REPLY_TIMEOUT_MS = 10_000;

export async function createWebhookPipeline(pipeline: Pipeline): Promise<WebhookPipeline> {
  const standIn = await startLineStandIn();
  const waiting = new Map<string, (messages: messagingApi.Message[]) => void>();
  standIn.onReply = (reply) =>
    waiting.get(reply.body.replyToken)?.(reply.body.messages as messagingApi.Message[]);
  const app = buildApp({
    config: {
      line: { channelSecret: CHANNEL_SECRET, channelAccessToken: CHANNEL_ACCESS_TOKEN },
      webhookBodyLimit: 1_048_576,
    },
    logger: createLogger({ level: "silent" }),
    answerer: pipeline.answerer,
    render: renderAnswer,
    decodeFollowUp,
    live: {
      health: async () => ({ backend: "embedded", state: "ready", documents: 0 }),
      current: () => pipeline.edition,
    },
    replyClient: createReplyClient({ channelAccessToken: CHANNEL_ACCESS_TOKEN, baseURL: standIn.baseURL }),
    dedupe: createMemoryDeduper(),
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/webhook`;

  /** Posts one signed webhook call with a text event per message; resolves with the replies in arrival order. */
  async function post(userId: string, texts: readonly string[]): Promise<messagingApi.Message[][]> {
    const arrived: messagingApi.Message[][] = [];
    const tokens = texts.map(() => replyToken());
    const replied = texts.map(
      (text, i) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no reply to ${text}`)), REPLY_TIMEOUT_MS);
          waiting.set(tokens[i] as string, (messages) => {
            clearTimeout(timer);
            arrived.push(messages);
            resolve();
          });
        }),
    );
    const events = texts.map((text, i) => ({
      ...textEvent(text),
      replyToken: tokens[i],
      source: { type: "user", userId },
    }));
    const body = callbackBody(events);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-line-signature": sign(body) },
        body,
      });
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      await Promise.all(replied);
      return arrived;
    } finally {
      for (const token of tokens) waiting.delete(token);
    }
  }

  return {
    async converse(userId, turns) {
      let last: messagingApi.Message[] = [];
      for (const turn of turns) [last = []] = await post(userId, [turn]);
      return last;
    },
    sendTogether: post,
    async close() {
      await app.close();
      await standIn.close();
    },
  };
}

let conversations = 0;
/** A LINE user id of a conversation's own, in LINE's format (U + 32 hex digits). */
export function conversationUserId(): string {
  conversations += 1;
  return `U${conversations.toString(16).padStart(32, "0")}`;
}

/**
 * Scores each question on its reply: one question as the LINE path renders its answer, a
 * conversation (`turns`) through the webhook with a user id of its own, on the reply to its last turn.
 */
export async function evaluate(pipeline: Pipeline, questions: EvalQuestion[]): Promise<EvalResult[]> {
  const results: EvalResult[] = [];
  let webhook: WebhookPipeline | null = null;
  try {
    for (const question of questions) {
      if (question.turns) {
        webhook ??= await createWebhookPipeline(pipeline);
        const reply = await webhook.converse(conversationUserId(), question.turns);
        results.push(scoreAnswer(question, reply));
      } else results.push(scoreAnswer(question, await pipeline.reply(question.question)));
    }
  } finally {
    await webhook?.close();
  }
  return results;
}
