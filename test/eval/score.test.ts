import { describe, expect, it } from "vitest";
import { firstMessageText, parseQuestions, scoreAnswer } from "./score.js";

const question = { id: "t", question: "?", expect: { all: ["実施あり", "2015"], none: ["未実施"] } };

describe("eval scoring", () => {
  it("reads text, altText, label and displayText at any depth of the first message only", () => {
    const messages = [
      {
        type: "flex",
        altText: "alt",
        contents: {
          type: "bubble",
          body: {
            contents: [
              { type: "text", text: "deep" },
              { action: { label: "L", displayText: "D", data: "x" } },
            ],
          },
        },
        quickReply: { items: [{ action: { label: "dropped" } }] },
      },
      { type: "text", text: "second" },
    ];
    expect(firstMessageText(messages).split("\n")).toEqual(["alt", "deep", "L", "D"]);
  });

  it("passes with every expected string and none of the forbidden ones", () => {
    expect(scoreAnswer(question, [{ type: "text", text: "実施あり 2015" }]).passed).toBe(true);
    const failed = scoreAnswer(question, [{ type: "text", text: "未実施 2015" }]);
    expect(failed).toMatchObject({ passed: false, missing: ["実施あり"], forbidden: ["未実施"] });
  });

  it("counts a forbidden string hidden in a quick reply as absent", () => {
    const messages = [
      { type: "text", text: "実施あり 2015", quickReply: { items: [{ action: { label: "未実施" } }] } },
    ];
    expect(scoreAnswer(question, messages).passed).toBe(true);
  });

  it("parses questions.jsonl lines and rejects malformed ones", () => {
    const parsed = parseQuestions('{"id":"a","question":"q","expect":{"all":["x"]}}\n\n');
    expect(parsed).toEqual([{ id: "a", question: "q", expect: { all: ["x"], none: [] } }]);
    expect(() => parseQuestions('{"id":1}')).toThrow(/line 1/);
  });

  it("reads a conversation's turns and scores its last message", () => {
    const [parsed] = parseQuestions(
      '{"id":"c","turns":["防災訓練は？","担当課は？"],"expect":{"all":["市民安全課"]}}',
    );
    expect(parsed).toEqual({
      id: "c",
      question: "担当課は？",
      turns: ["防災訓練は？", "担当課は？"],
      expect: { all: ["市民安全課"], none: [] },
    });
    expect(() => parseQuestions('{"id":"c","turns":[],"expect":{}}')).toThrow(/line 1/);
  });

  it("needs one of the `any` strings when they are given", () => {
    const either = { id: "a", question: "?", expect: { all: [], any: ["未実施", "記載なし"], none: [] } };
    expect(scoreAnswer(either, [{ type: "text", text: "記載なし" }]).passed).toBe(true);
    expect(scoreAnswer(either, [{ type: "text", text: "実施あり" }]).passed).toBe(false);
  });
});
