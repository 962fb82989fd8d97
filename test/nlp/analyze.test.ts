import { beforeAll, describe, expect, it } from "vitest";
import {
  createQuestionAnalyzer,
  getTokenizer,
  type QuestionAnalysis,
  type QuestionAnalyzer,
  type Vocabulary,
} from "../../src/nlp/index.js";

const vocabulary: Vocabulary = {
  synonyms: [
    ["ホームページ", "HP", "ウェブサイト"],
    ["補助", "補助金", "助成"],
    ["キャラクター", "ゆるキャラ", "なし坊"],
    ["着ぐるみ", "きぐるみ"],
    ["防災訓練", "避難訓練"],
  ],
  departmentAliases: { しろいの魅力発信課: ["魅力発信"] },
  departmentSuccessions: [
    { department: "しろいの魅力発信課", predecessors: ["企画政策課", "秘書広報課"], since: 2017 },
  ],
  departments: [
    "都市計画課",
    "市民活動支援課",
    "しろいの魅力発信課",
    "企画政策課",
    "秘書広報課",
    "総務課",
    "生涯学習課",
    "公民センター",
  ],
  planReadings: {
    ボウサイクンレン: ["防災訓練"],
    ボウサイ: ["防災"],
    クンレン: ["訓練"],
    ホケン: ["保険"],
    ケイカン: ["景観"],
    シャシン: ["写真"],
    ホームページ: ["ホームページ"],
    ボランティア: ["ボランティア"],
    キュウカ: ["休暇"],
    セイド: ["制度"],
    シミンダイガッコウ: ["市民大学校"],
    チイキ: ["地域"],
    ショクイン: ["職員"],
    ハイチ: ["配置"],
  },
};

let analyzer: QuestionAnalyzer;
beforeAll(async () => {
  analyzer = createQuestionAnalyzer({ tokenizer: await getTokenizer(), vocabulary });
});

const analyze = (text: string): QuestionAnalysis => analyzer.analyze(text);
const surfaces = (text: string) => analyze(text).terms.map((t) => t.surface);
const term = (text: string, surface: string) => analyze(text).terms.find((t) => t.surface === surface);

describe("intent", () => {
  it.each([
    ["防災訓練は実施された？", "status"],
    ["防災訓練ってやってる？", "status"],
    ["ホームページはできた？", "status"],
    ["景観写真展は開催されましたか", "status"],
    ["保険はどうなった", "status"],
    ["ボランティア休暇制度の担当課は？", "department"],
    ["防災訓練はどこの課がやっていますか", "department"],
    ["市民活動保険はいつから始まった？", "when"],
    ["ホームページのリニューアルはいつ？", "when"],
    ["防災訓練は何年にやった？", "when"],
    ["市民大学校について教えて", "about"],
    ["防災訓練", "about"],
    ["全体の進捗を教えて", "overview"],
    ["進み具合はどうですか", "overview"],
    ["全体像を知りたい", "overview"],
    // The plan's own name says nothing about which project: this asks for the whole.
    ["まちづくりプランの進捗はどうですか", "overview"],
    ["実施していない事業の数は？", "count"],
    ["こんにちは", "greeting"],
    ["はじめまして！", "greeting"],
    ["おはようございます", "greeting"],
    ["ありがとう", "thanks"],
    ["ありがとうございました！", "thanks"],
    ["使い方を教えて", "help"],
    ["何ができるの？", "help"],
    ["ヘルプ", "help"],
    ["", "help"],
  ])("%s → %s", (text, intent) => {
    expect(analyze(text).intent).toBe(intent);
  });

  it("answers a question after a greeting", () => {
    expect(analyze("こんにちは、防災訓練はどうなった？")).toMatchObject({ intent: "status" });
  });

  it("flags chit-chat whose words the plan never uses as out-of-scope", () => {
    expect(analyze("今日の天気は？").intent).toBe("out-of-scope");
    expect(analyze("市長の名前は？").intent).toBe("out-of-scope");
    expect(analyze("ボランテアの休暇").intent).not.toBe("out-of-scope");
  });
});

describe("status: question or filter", () => {
  it("does not filter on the status a question asks about", () => {
    for (const text of ["防災訓練は実施された？", "外部評価は実施されていないの？", "保険は未実施ですか"]) {
      expect(analyze(text).filter.statuses, text).toBeUndefined();
    }
  });

  it.each([
    ["未実施の事業は？", "status-list", "未実施"],
    ["実施されていない事業を教えて", "status-list", "未実施"],
    ["まだやっていない事業は", "status-list", "未実施"],
    ["実施済みの事業は？", "status-list", "実施あり"],
    ["実施した事業の一覧", "status-list", "実施あり"],
    ["記載なしの事業", "status-list", "記載なし"],
    ["記載がない事業はどれ？", "status-list", "記載なし"],
    ["未実施の事業はいくつありますか", "count", "未実施"],
    ["実施済みは何件？", "count", "実施あり"],
    ["未実施の事業はどれくらいある？", "count", "未実施"],
  ])("%s → %s with %s", (text, intent, status) => {
    expect(analyze(text)).toMatchObject({ intent, filter: { statuses: [status] } });
  });

  it("keeps terms beside a status filter on a generic noun", () => {
    const analysis = analyze("防災の事業で未実施のものは？");
    expect(analysis.filter.statuses).toEqual(["未実施"]);
    expect(analysis.terms.map((t) => t.surface)).toContain("防災");
  });

  it("counts projects without a status too", () => {
    expect(analyze("事業はいくつある？")).toMatchObject({ intent: "count", filter: {} });
  });
});

describe("departments", () => {
  it("turns a department question without other words into a department filter", () => {
    expect(analyze("都市計画課が担当している事業は？")).toMatchObject({
      intent: "department",
      terms: [],
      filter: { departments: ["都市計画課"] },
    });
  });

  it("recognises partial forms and aliases", () => {
    expect(analyze("都市計画の事業は？").filter.departments).toEqual(["都市計画課"]);
    expect(analyze("魅力発信課は何をしていますか").filter.departments).toEqual(["しろいの魅力発信課"]);
    expect(analyze("魅力発信の担当事業").filter.departments).toEqual(["しろいの魅力発信課"]);
  });

  it("adds the successor to a predecessor, not the other way round", () => {
    expect(analyze("秘書広報課の事業").filter.departments).toEqual(["秘書広報課", "しろいの魅力発信課"]);
    expect(analyze("しろいの魅力発信課の事業").filter.departments).toEqual(["しろいの魅力発信課"]);
  });

  it("does not take a facility for a department because they share a common word", () => {
    const analysis = analyze("市民活動推進センターの機能はどうなった？");
    expect(analysis.filter.departments).toBeUndefined();
    expect(analyze("公民センターの事業は？").filter.departments).toEqual(["公民センター"]);
  });

  it("does not read a word inside a name as a department question", () => {
    const analysis = analyze("地域担当職員は配置されましたか");
    expect(analysis.intent).toBe("status");
    expect(analysis.filter.departments).toBeUndefined();
    expect(analysis.terms[0]?.surface).toBe("地域担当職員");
  });

  it("counts a department's projects", () => {
    expect(analyze("生涯学習課の担当事業は何件？")).toMatchObject({
      intent: "count",
      terms: [],
      filter: { departments: ["生涯学習課"] },
    });
  });
});

describe("years", () => {
  it.each([
    ["平成28年度に何をした？", ["平成28年度"]],
    ["2016年度の事業", ["2016年度"]],
    ["H28年度の取り組み", ["平成28年度"]],
    ["平成27～29年度", ["平成27～29年度"]],
    ["令和元年度", ["令和元年度"]],
  ])("%s → year %j", (text, mentions) => {
    expect(analyze(text)).toMatchObject({ intent: "year", terms: [], yearMentions: mentions });
  });

  it("keeps years out of the terms of a question about something", () => {
    const analysis = analyze("2016年度に防災訓練はやった？");
    expect(analysis.yearMentions).toEqual(["2016年度"]);
    expect(analysis.terms.map((t) => t.surface)).toEqual(["防災訓練", "防災", "訓練"]);
  });
});

describe("terms", () => {
  it("drops particles, question words and generic words", () => {
    expect(surfaces("防災訓練は実施された？")).toEqual(["防災訓練", "防災", "訓練"]);
    expect(surfaces("市民大学校について教えてください")).not.toContain("教える");
    expect(surfaces("事業の状況はどうですか")).toEqual([]);
  });

  it("keeps a compound whole and split, the parts weighing less", () => {
    expect(term("防災訓練", "防災訓練")?.weight).toBe(1);
    expect(term("防災訓練", "防災")?.weight).toBe(0.5);
    expect(term("景観写真展", "景観写真展")?.weight).toBe(1);
  });

  it("weighs the noun a question's verb is made of less (開催された)", () => {
    expect(term("景観写真展は開催されましたか", "開催")?.weight).toBe(0.5);
  });

  it("expands synonyms after the word's own forms", () => {
    const hp = term("HPはどこ？", "hp");
    expect(hp?.forms.slice(0, hp.ownForms)).toEqual(["hp"]);
    expect(hp?.forms).toEqual(expect.arrayContaining(["ホームページ", "ウェブサイト"]));
    expect(term("補助金はある？", "補助金")?.forms).toContain("助成");
  });

  it("normalizes half-width katakana before anything else", () => {
    expect(term("ﾎｰﾑﾍﾟｰｼﾞは見やすくなった？", "ホームページ")?.weight).toBe(1);
  });

  it("keeps dictionary words whole where kuromoji splits them", () => {
    expect(surfaces("なし坊のきぐるみを借りたい")).toEqual(expect.arrayContaining(["なし坊", "きぐるみ"]));
    expect(term("なし坊のきぐるみ", "きぐるみ")?.forms).toContain("着ぐるみ");
  });

  it("reads kana spellings as the plan's kanji words", () => {
    const kana = term("ぼうさいくんれん", "ぼうさいくんれん");
    expect(kana?.forms).toEqual(expect.arrayContaining(["ボウサイクンレン", "防災訓練"]));
    expect(surfaces("ぼうさいくんれん")).toEqual(expect.arrayContaining(["防災", "訓練"]));
    expect(term("ほけんはある？", "ほけん")?.forms).toContain("保険");
    expect(surfaces("ぼうさいくんれんはやった？")).not.toContain("やる");
  });

  it("keeps the original and normalized text", () => {
    expect(analyze("ＨＰは？")).toMatchObject({ original: "ＨＰは？", normalized: "hpは" });
  });
});
