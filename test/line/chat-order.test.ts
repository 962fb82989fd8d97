// One citizen's messages through the real webhook: answered in the order sent, a follow-up about
// the message before it even when LINE delivers both in one call.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answer/index.js";
import {
  conversationUserId,
  createPipeline,
  createWebhookPipeline,
  type WebhookPipeline,
} from "../eval/pipeline.js";
import { firstMessageText } from "../eval/score.js";

/** The real answerer, slow on questions about 景観写真展: a follow-up sent after one must wait for it. */
function slowOnLandscape(inner: Answerer): Answerer {
  return {
    ...inner,
    async answer(question, previous) {
      if (question.includes("景観写真展")) await sleep(100);
      return inner.answer(question, previous);
    },
  };
}

let webhook: WebhookPipeline;
beforeAll(async () => {
  const pipeline = await createPipeline();
  webhook = await createWebhookPipeline({ ...pipeline, answerer: slowOnLandscape(pipeline.answerer) });
});
afterAll(async () => {
  await webhook.close();
});

describe("a chat's messages over the webhook", () => {
  it("answers a follow-up delivered in the same call as its antecedent about that antecedent", async () => {
    const replies = await webhook.sendTogether(conversationUserId(), ["景観写真展はやった？", "担当は？"]);
    const [first = [], second = []] = replies;
    expect(firstMessageText(first)).not.toContain("について）");
    expect(firstMessageText(first)).toContain("景観写真展");
    expect(firstMessageText(second)).toContain("景観写真展の開催」の事業について）");
    expect(firstMessageText(second)).toContain("都市計画課");
  });

  it("answers three messages of one chat in order while another chat is answered beside them", async () => {
    const citizen = conversationUserId();
    const [together, other] = await Promise.all([
      webhook.sendTogether(citizen, ["総務課の事業は？", "その中で未実施のは？", "次の10件"]),
      webhook.sendTogether(conversationUserId(), ["市民活動保険って何？", "いつ？"]),
    ]);
    const texts = (together ?? []).map(firstMessageText);
    expect(texts[0]).toContain("総務課が担当する事業（15件）");
    expect(texts[1]).toContain("総務課が担当する未実施の事業（6件）");
    // Six fit one page: the next page of that list is its only page.
    expect(texts[2]).toContain("未実施の事業（6件）");
    expect(firstMessageText(other?.[1] ?? [])).toContain("平成28～29年度");
  });
});
