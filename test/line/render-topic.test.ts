// The topic a follow-up took, shown first in the first message of its reply.
import { beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/index.js";
import { renderAnswer } from "../../src/line/index.js";
import { createPipeline, type Pipeline } from "../eval/pipeline.js";
import { firstMessageText } from "../eval/score.js";

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await createPipeline();
});

const about = (answer: Answer, label: string): Answer => ({ ...answer, followUpOf: { label } });

describe("the inherited topic line", () => {
  it("opens a project card's altText and its first bubble", async () => {
    const answer = about(await pipeline.answerer.answer("景観写真展はやった？"), "「景観写真展」の事業");
    const [card] = renderAnswer(answer);
    expect(card).toMatchObject({
      type: "flex",
      altText: expect.stringMatching(/^（「景観写真展」の事業について）/),
    });
    expect(firstMessageText([card])).toContain("未実施");
  });

  it("opens a text reply, and a list carousel's first bubble", async () => {
    const text = renderAnswer(about(await pipeline.answerer.answer("景観写真展はやった？"), "X"), {
      format: "text",
    });
    expect(text[0]).toMatchObject({ type: "text", text: expect.stringMatching(/^（Xについて）\n/) });
    const list = renderAnswer(
      about(await pipeline.answerer.answer("総務課の事業は？"), "総務課が担当する事業"),
    );
    expect(firstMessageText(list).match(/（総務課が担当する事業について）/g)).toHaveLength(2);
  });

  it("is absent from an answer to a question on its own", async () => {
    expect(
      firstMessageText(renderAnswer(await pipeline.answerer.answer("景観写真展はやった？"))),
    ).not.toContain("について）");
  });
});
