// A question whose topic (its head noun) is not in the progress list gets no project, even when a
// secondary word of it occurs somewhere in the list.
import { beforeAll, describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answer/index.js";
import { createQuestionAnalyzer, getTokenizer, type QuestionAnalyzer } from "../../src/nlp/index.js";
import { createPipeline } from "../eval/pipeline.js";

let answerer: Answerer;
let analyzer: QuestionAnalyzer;
beforeAll(async () => {
  const pipeline = await createPipeline();
  answerer = pipeline.answerer;
  analyzer = createQuestionAnalyzer({
    tokenizer: await getTokenizer(),
    vocabulary: pipeline.edition.vocabulary,
  });
});

describe("the head noun of a question", () => {
  it.each([
    ["ゴミの収集日はいつ？", "ゴミ"],
    ["来月の小学校の運動会は何日？", "運動会"],
    ["防災訓練の実施状況を教えてください", "防災訓練"],
    ["市民活動保険の担当課は？", "市民活動保険"],
    ["学校が実施している防災訓練を地域と一緒にやってる？", "防災訓練"],
  ])("of %s is %s", (question, head) => {
    expect(analyzer.analyze(question).head?.surface).toBe(head);
  });

  it("has no head when the topic is only an attribute", () => {
    expect(analyzer.analyze("いつですか？").head).toBeNull();
  });

  it("is matched only by what names the same thing, not by a near word", () => {
    const head = analyzer.analyze("学校給食の献立を知りたい").head;
    expect(head?.forms).toEqual(["献立"]);
    expect(analyzer.analyze("防災訓連はやってる？").head?.forms).toContain("防災訓練");
    expect(analyzer.analyze("きぐるみの貸し出しはしていますか").head?.forms).toContain("貸出");
  });
});

describe("a topic the plan does not cover", () => {
  it.each([
    "ゴミの収集日はいつ？",
    "来月の小学校の運動会は何日？",
    "給付金はいつ振り込まれますか",
    "学校給食の献立を知りたい",
  ])("%s gets no project", async (question) => {
    const answer = await answerer.answer(question);
    expect(answer.kind).toBe("no-match");
    if (answer.kind === "no-match") expect(answer.contact).toContain("市民活動支援課");
  });

  it("still answers a topic the plan covers, asked about an attribute of it", async () => {
    const answer = await answerer.answer("タウンミーティングの開催年度を教えて");
    expect(answer.kind).toBe("project");
  });
});

describe("a question that names nothing of its own", () => {
  it("takes its topic from the sentence before, when that one's topic is in the plan", async () => {
    const answer = await answerer.answer("防災訓練について知りたいです。いつ実施されましたか？");
    expect(answer).toEqual(await answerer.answer("防災訓練について知りたいです。いつ実施されましたか"));
    expect(answer.kind).toBe("project");
    const scoped = await answerer.answer("市民協働の分野について教えてください。未実施は何件ですか？");
    expect(scoped.kind === "count" && scoped.heading).toContain("市民協働");
  });

  it("keeps to itself after a sentence about something else", async () => {
    const answer = await answerer.answer("白井市に住んで十年です。未実施の事業は何件？");
    expect(answer).toEqual(await answerer.answer("未実施の事業は何件？"));
  });
});
