// 「最近変わったことは？」 without an edition before to compare with (the bundled edition), and which
// questions ask it. With one, the end-to-end test publishes next year's edition and asks.
import { beforeAll, describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answer/index.js";
import { renderAnswer } from "../../src/line/index.js";
import { answerOfKind, seedAnswerer } from "../support/answers.js";

describe("「最近変わったことは？」", () => {
  let answerer: Answerer;
  beforeAll(async () => {
    ({ answerer } = await seedAnswerer());
  });

  it.each([
    "最近変わったことは？",
    "今年新しく実施されたのは？",
    "何が変わった？",
    "最近の変更点は？",
    "新しい事業は？",
  ])("「%s」 asks what the latest publish changed", async (question) => {
    const answer = answerOfKind(await answerer.answer(question), "changes");
    expect(answer.previousEdition).toBeNull();
    const [message] = renderAnswer(answer);
    expect(message?.type === "text" && message.text).toContain("前の版が残っていない");
  });

  it("a project asked about with a change word is still that project", async () => {
    answerOfKind(await answerer.answer("景観写真展は変わった？"), "project");
  });
});
