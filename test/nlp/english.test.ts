import { describe, expect, it } from "vitest";
import { createEnglishTranslator } from "../../src/nlp/index.js";

const translator = createEnglishTranslator({
  englishGlossary: {
    "disaster drill": ["防災訓練"],
    insurance: ["保険"],
    "city planning division": ["都市計画課"],
  },
  baseSynonyms: { volunteer: ["ボランティア"], 助成金: ["補助金"] },
});

describe("English questions", () => {
  it("are told from Japanese ones", () => {
    expect(translator.isEnglish("Did the city hold disaster drills?")).toBe(true);
    expect(translator.isEnglish("NPOへの職員派遣は？")).toBe(false);
    expect(translator.isEnglish("2016")).toBe(false);
  });

  it("become a Japanese question in the plan's words, phrases before single words", () => {
    expect(translator.toJapanese("Did the city hold disaster drills?")).toBe("防災訓練は実施された？");
    expect(translator.toJapanese("When did volunteer insurance start?")).toBe("ボランティア 保険はいつ？");
    expect(translator.toJapanese("Which department handles insurance?")).toBe("保険の担当課は？");
    expect(translator.toJapanese("What did the city planning division do?")).toBe("都市計画課は実施された？");
  });

  it("turn counts and lists with a status into the plan's status words", () => {
    expect(translator.toJapanese("How many projects are not yet carried out?")).toBe(
      "未実施の事業はいくつ？",
    );
    expect(translator.toJapanese("Which projects were carried out in 2016?")).toBe(
      "2016年度実施ありの事業の一覧",
    );
  });

  it("give nothing when no word is known", () => {
    expect(translator.toJapanese("Where can I buy a train ticket?")).toBeNull();
  });
});
