import { beforeAll, describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answer/index.js";
import { answerOfKind as as, seedAnswerer } from "../support/answers.js";

let answerer: Answerer;

beforeAll(async () => {
  ({ answerer } = await seedAnswerer());
});

describe("measure and section answers", () => {
  it("answers a section named by its title with all its projects and counts per label", async () => {
    const level = as(await answerer.answer("協働のモデルづくりはどこまで進んだ？"), "level");
    expect(level).toMatchObject({ level: "分野", title: "協働のモデルづくり" });
    expect(level.items.map((item) => item.id)).toEqual([
      "3-2-1-1",
      "3-2-1-2",
      "3-2-2-1",
      "3-2-2-2",
      "3-2-2-3",
      "3-2-3-1",
    ]);
    expect(level.counts).toEqual({ total: 6, 実施あり: 3, 未実施: 3, 記載なし: 0 });
  });

  it("answers a measure, but a project question still gets the project", async () => {
    const level = as(await answerer.answer("美しい景観形成の推進はどうなっていますか"), "level");
    expect(level).toMatchObject({ level: "施策", title: "美しい景観形成の推進" });
    expect(level.items).toHaveLength(2);
    as(await answerer.answer("景観写真展は開催されましたか？"), "project");
  });
});

describe("several projects in one question", () => {
  it("answers each topic with its own project", async () => {
    const several = as(await answerer.answer("景観写真展と市民活動保険、それぞれどうなった？"), "several");
    expect(several.items.map((card) => [card.id, card.status])).toEqual([
      ["2-1-4-1", "未実施"],
      ["2-2-5-1", "実施あり"],
    ]);
  });

  it("keeps one topic whole when one project covers the question", async () => {
    const { best } = as(
      await answerer.answer("学校が実施している防災訓練を地域と一緒にやってる？"),
      "project",
    );
    expect(best.id).toBe("2-1-2-1");
  });
});

describe("citizens' words", () => {
  it("finds projects through typos and sound-alike kanji", async () => {
    expect(as(await answerer.answer("景観条令は作られましたか"), "project").best.id).toBe("2-1-4-2");
    expect(as(await answerer.answer("防災訓連はやってる？"), "project").best.id).toBe("2-1-2-1");
  });

  it("lists the whole plan and reads a year range as one range", async () => {
    expect(as(await answerer.answer("全部の事業を教えて"), "list").total).toBe(59);
    const range = as(await answerer.answer("平成25年度から平成26年度までの取り組みは？"), "list");
    expect(range.total).toBe(21);
  });

  it("lists what a department named only inside 【】 did, with those actions", async () => {
    const list = as(await answerer.answer("公民センターの取り組みは？"), "list");
    expect(list.items.map((item) => item.id)).toEqual(["2-4-1-1"]);
    expect(list.items[0]?.actions[0]?.text).toContain("懇談会");
  });
});

describe("departments with topics", () => {
  it("shows the named department's action first, also for a facility named without 館", async () => {
    const welfare = as(await answerer.answer("社会福祉課のアンケートは？"), "project");
    expect(welfare.best.actions[0]?.departments).toEqual(["社会福祉課"]);
    const planetarium = as(await answerer.answer("プラネタリウムで何かアンケートしてる？"), "project");
    expect(planetarium.best.actions[0]?.departments).toEqual(["プラネタリウム館"]);
  });
});

describe("English questions", () => {
  it("answer with the Japanese facts inside an English answer", async () => {
    const english = as(await answerer.answer("Did the city hold disaster drills?"), "english");
    expect(as(english.answer, "project").best.id).toBe("2-1-2-1");
  });

  it("answer an unknown question with an English no-match", async () => {
    const english = as(await answerer.answer("Where can I buy a train ticket?"), "english");
    as(english.answer, "no-match");
  });
});
