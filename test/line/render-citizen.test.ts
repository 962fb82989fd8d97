import { beforeAll, describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answer/index.js";
import { renderAnswer } from "../../src/line/render/index.js";
import { firstMessageText } from "../eval/score.js";
import { seedAnswerer } from "../support/answers.js";

let answerer: Answerer;
beforeAll(async () => {
  ({ answerer } = await seedAnswerer());
});

const first = async (question: string) => firstMessageText(renderAnswer(await answerer.answer(question)));

describe("rendering of measure, several-project and English answers", () => {
  it("gives each project of a level its label and counts only the labels present", async () => {
    const text = await first("コーディネート型職員の育成はどこまで？");
    expect(text).toContain("実施あり3件");
    expect(text).not.toContain("未実施");
    expect(text.match(/実施あり/g)?.length).toBe(4);
  });

  it("gives each of several projects its title, label, department and years", async () => {
    const text = await first("ファシリテーション研修と政策法務研修はいつやった？");
    for (const fact of [
      "ファシリテーション研修",
      "平成25年度（2013年度）",
      "政策法務研修",
      "平成28～29年度（2016～2017年度）",
      "総務課",
    ])
      expect(text).toContain(fact);
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
});
