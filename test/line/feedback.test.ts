import type { messagingApi } from "@line/bot-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answer/index.js";
import { openDatabase } from "../../src/db/index.js";
import {
  createFeedbackLedger,
  createFeedbackResponder,
  decodeFeedback,
  encodeFeedback,
  FEEDBACK_WINDOW_MS,
  offerFeedback,
} from "../../src/line/index.js";
import { createDatabaseStore, createRecorder } from "../../src/record/index.js";
import { createMemoryKeys } from "../../src/state/index.js";
import { createPipeline } from "../eval/pipeline.js";

const ID = "AbCdEfGhIjKlMn_-";

function items(count: number): messagingApi.QuickReplyItem[] {
  return Array.from({ length: count }, (_, i) => ({
    type: "action",
    action: { type: "message", label: `item ${i}`, text: `item ${i}` },
  }));
}

describe("feedback postback data", () => {
  it("round-trips and rejects anything else", () => {
    expect(decodeFeedback(encodeFeedback(ID, true))).toEqual({ questionId: ID, resolved: true });
    expect(decodeFeedback(encodeFeedback(ID, false))).toEqual({ questionId: ID, resolved: false });
    for (const forged of [
      "r1|short|y",
      `r1|${ID}|maybe`,
      `r1|${ID}|y|extra`,
      `a1|d|${ID}`,
      `r1|${ID.replace("A", "'")}|y`,
      `r1|${"x".repeat(300)}|y`,
    ])
      expect(decodeFeedback(forged)).toBeNull();
    // Shorter than LINE's 300-character postback data.
    expect(encodeFeedback(ID, true).length).toBeLessThan(40);
  });
});

describe("offerFeedback", () => {
  it("adds a question message carrying はい / いいえ and the answer's own quick replies", () => {
    const messages: messagingApi.Message[] = [
      { type: "text", text: "answer" },
      { type: "text", text: "list", quickReply: { items: items(3) } },
    ];
    const offered = offerFeedback(messages, ID);
    expect(offered).toHaveLength(3);
    expect(offered[1]).toEqual({ type: "text", text: "list" });
    const last = offered[2] as messagingApi.TextMessage;
    expect(last.text).toBe("この回答で解決しましたか？");
    expect((last.quickReply?.items ?? []).map((i) => i.action?.label)).toEqual([
      "はい",
      "いいえ",
      "item 0",
      "item 1",
      "item 2",
    ]);
  });

  it("stays within 5 messages and 13 quick replies", () => {
    const full: messagingApi.Message[] = Array.from({ length: 5 }, (_, i) => ({
      type: "text",
      text: `m${i}`,
    }));
    full[4] = { type: "text", text: "m4", quickReply: { items: items(13) } };
    const offered = offerFeedback(full, ID);
    expect(offered).toHaveLength(5);
    const quick = offered[4]?.quickReply?.items ?? [];
    expect(quick).toHaveLength(13);
    expect(quick.slice(0, 2).map((i) => i.action?.label)).toEqual(["はい", "いいえ"]);
  });
});

describe("feedback responder", () => {
  let answerer: Answerer;
  beforeAll(async () => {
    answerer = (await createPipeline()).answerer;
  });

  it("a prompt older than the window gets a polite reply and records nothing", async () => {
    let now = new Date("2026-11-01T00:00:00Z");
    const db = await openDatabase(":memory:");
    const recorder = createRecorder({ store: createDatabaseStore(db), logger: console, now: () => now });
    recorder.question({
      id: ID,
      userHash: "u1",
      chat: "user",
      text: "防災訓練は？",
      answerKind: "project",
      projectIds: ["2-1-2-1"],
      shownIds: ["2-1-2-1"],
      matchStrength: 1,
      unmatchedWords: [],
      edition: null,
      latencyMs: 1,
      replyDelivered: true,
      feedbackOffered: true,
      followUp: false,
    });
    const ledger = createFeedbackLedger(createMemoryKeys());
    const respond = createFeedbackResponder({ recorder, ledger, answerer, now: () => now });
    now = new Date(now.getTime() + FEEDBACK_WINDOW_MS + 1000);
    const stale = await respond(encodeFeedback(ID, true), "u1");
    expect(stale.outcome).toBe("stale");
    await recorder.close();
    expect(await db.query.selectFrom("feedback").selectAll().execute()).toEqual([]);
  });
});
