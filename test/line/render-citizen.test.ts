import type { messagingApi } from "@line/bot-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answer/index.js";
import { asksFeedback, offerFeedback } from "../../src/line/index.js";
import { decodeFollowUp, renderAnswer } from "../../src/line/render/index.js";
import { firstMessageText } from "../eval/score.js";
import { seedAnswerer } from "../support/answers.js";
import { limitProblems, walk } from "../support/line-limits.js";

let answerer: Answerer;
beforeAll(async () => {
  ({ answerer } = await seedAnswerer());
});

const first = async (question: string, format: "flex" | "text" = "flex") =>
  firstMessageText(renderAnswer(await answerer.answer(question), { format }));

/** The first message as Flex, and the follow-ups its buttons and rows carry. */
async function firstFlex(question: string) {
  const messages = renderAnswer(await answerer.answer(question));
  expect(limitProblems(messages)).toEqual([]);
  const [message] = messages;
  if (message?.type !== "flex") throw new Error(`expected Flex, got ${message?.type}`);
  const followUps: string[] = [];
  walk(message.contents, (key, value) => {
    if (key === "data" && typeof value === "string") followUps.push(value);
  });
  const bubbles: messagingApi.FlexBubble[] =
    message.contents.type === "carousel" ? message.contents.contents : [message.contents];
  const bodyText = firstMessageText([{ ...message, altText: "" }]);
  return { message, bubbles, followUps: followUps.map(decodeFollowUp), bodyText };
}

describe("rendering of measure, several-project and English answers", () => {
  it.each(["flex", "text"] as const)(
    "gives each project of a level its label and counts only the labels present (%s)",
    async (format) => {
      const text = await first("コーディネート型職員の育成はどこまで？", format);
      expect(text).toContain("実施あり3件");
      expect(text).not.toContain("未実施");
      if (format === "text") expect(text.match(/実施あり/g)?.length).toBe(4);
    },
  );

  it("shows a level as Flex: counts first, then a row per project that opens it", async () => {
    const { bubbles, followUps, bodyText, message } = await firstFlex(
      "コーディネート型職員の育成はどこまで？",
    );
    expect(bodyText.indexOf("実施あり3件")).toBeLessThan(bodyText.indexOf("1. "));
    expect(bodyText.match(/実施あり/g)?.length).toBe(4);
    expect(bubbles).toHaveLength(1);
    expect(followUps).toHaveLength(3);
    for (const followUp of followUps) expect(followUp).toMatchObject({ kind: "detail", all: false });
    expect(message.altText).toMatch(/^施策「.+」全3事業（実施あり3件）：/);
  });

  it("pages a long level as a carousel of ten rows a bubble, every row a tap target", async () => {
    const answer = await answerer.answer("協働のしくみづくりの進み具合は？");
    if (answer.kind !== "level") throw new Error(`expected a level, got ${answer.kind}`);
    const items = Array.from({ length: 25 }, (_, i) => answer.items[i % answer.items.length]).filter(
      (item) => item !== undefined,
    );
    const messages = renderAnswer({ ...answer, items });
    expect(limitProblems(messages)).toEqual([]);
    const [message] = messages;
    if (message?.type !== "flex" || message.contents.type !== "carousel")
      throw new Error("expected a carousel");
    expect(message.contents.contents).toHaveLength(3);
    const text = firstMessageText(messages);
    expect(text).toContain("全5事業（1～10）");
    expect(text).toContain("25. ");
  });

  it("shows several projects as a carousel of cards, each opening its project", async () => {
    const { bubbles, followUps, bodyText } = await firstFlex(
      "防災訓練と空き店舗の活用、それぞれどうなった？",
    );
    expect(bubbles.length).toBeGreaterThanOrEqual(2);
    expect(followUps).toHaveLength(bubbles.length);
    for (const fact of ["防災", "空き店舗", "実施あり", "未実施", "担当課", "2015"])
      expect(bodyText).toContain(fact);
  });

  it("shows an English project as the card with English captions and the Japanese facts", async () => {
    const { bubbles, bodyText } = await firstFlex("When did the citizen activity insurance start?");
    expect(bubbles).toHaveLength(1);
    for (const fact of ["Status", "実施あり (carried out)", "Department", "What was done", "FY 平成28"])
      expect(bodyText).toContain(fact);
    expect(await first("When did the citizen activity insurance start?", "text")).toContain(
      "Status: 実施あり (carried out)",
    );
  });

  it("frames English answers with the label, its gloss and the years in both forms", async () => {
    const text = await first("Was the landscape photo exhibition held?");
    expect(text).toContain("未実施 (not yet carried out)");
    expect(text).toContain("景観写真展");
    const done = await first("When did the citizen activity insurance start?");
    expect(done).toContain("実施あり (carried out)");
    expect(done).toContain("平成28～29年度（2016～2017年度）");
  });

  it("answers an English question it cannot match in English, without a label", async () => {
    const text = await first("What's the weather like today?");
    expect(text).toMatch(/^Sorry/);
    expect(text).not.toMatch(/実施あり|未実施|記載なし/);
  });

  it.each([
    "コーディネート型職員の育成はどこまで？",
    "防災訓練と空き店舗の活用、それぞれどうなった？",
    "When did the citizen activity insurance start?",
  ])("asks 「解決しましたか？」 after the card for %s", async (question) => {
    const answer = await answerer.answer(question);
    expect(asksFeedback(answer)).toBe(true);
    const offered = offerFeedback(renderAnswer(answer), "AbCdEfGhIjKlMn_-");
    expect(offered[0]?.type).toBe("flex");
    const last = offered.at(-1);
    expect(last?.type === "text" && last.text).toBe("この回答で解決しましたか？");
    expect((last?.quickReply?.items ?? []).slice(0, 2).map((item) => item.action?.label)).toEqual([
      "はい",
      "いいえ",
    ]);
    expect(offered.length).toBeLessThanOrEqual(5);
  });
});
