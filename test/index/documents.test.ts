import { beforeAll, describe, expect, it } from "vitest";
import { buildSearchDocuments } from "../../src/index/index.js";
import { getTokenizer, type JapaneseTokenizer } from "../../src/nlp/index.js";
import type { Action, Plan } from "../../src/plan/index.js";

function action(text: string, departments: string[], fiscalYears: number[]): Action {
  return {
    text,
    departments,
    departmentsInherited: false,
    fiscalYears,
    yearRound: false,
    yearsLabel: null,
    line: 1,
  };
}

const plan: Plan = {
  title: null,
  edition: null,
  publisher: null,
  pillars: [
    {
      id: "2",
      no: 2,
      title: "「市民自治」",
      subtitle: "～みんなで地域をつくる～",
      line: 1,
      sections: [
        {
          id: "2-1",
          no: 1,
          title: "コミュニティ意識の向上",
          pages: null,
          line: 2,
          measures: [
            {
              id: "2-1-3",
              no: 3,
              title: "市のPRの推進",
              pages: null,
              description: "市の魅力を発信します。",
              line: 3,
              projects: [
                {
                  id: "2-1-3-1",
                  no: 1,
                  title: "市のキャラクターであるなし坊を活用したPR活動",
                  status: "実施あり",
                  departments: ["企画政策課"],
                  departmentsInherited: false,
                  actions: [
                    action("着ぐるみの外部貸出し", ["企画政策課"], [2014, 2015, 2016]),
                    action("着ぐるみの外部貸出し", ["しろいの魅力発信課"], [2017]),
                  ],
                  siblingId: null,
                  line: 4,
                },
              ],
            },
          ],
        },
      ],
    },
  ],
};

let tokenizer: JapaneseTokenizer;
beforeAll(async () => {
  tokenizer = await getTokenizer();
});

describe("buildSearchDocuments", () => {
  it("makes one document per project with hierarchy, departments, status and years", () => {
    const [doc, ...rest] = buildSearchDocuments(plan, tokenizer);
    expect(rest).toEqual([]);
    expect(doc).toMatchObject({
      id: "2-1-3-1",
      pillarId: "2",
      sectionId: "2-1",
      measureId: "2-1-3",
      pillarTitle: "「市民自治」 ～みんなで地域をつくる～",
      measureTitle: "市のPRの推進",
      measureDescription: "市の魅力を発信します。",
      actions: ["着ぐるみの外部貸出し", "着ぐるみの外部貸出し"],
      departments: ["企画政策課", "しろいの魅力発信課"],
      projectDepartments: ["企画政策課"],
      actionDepartments: [["企画政策課"], ["しろいの魅力発信課"]],
      status: "実施あり",
      fiscalYears: [2014, 2015, 2016, 2017],
      actionFiscalYears: [[2014, 2015, 2016], [2017]],
    });
  });

  it("writes token fields with surfaces, base forms, katakana readings and compounds", () => {
    const [doc] = buildSearchDocuments(plan, tokenizer);
    const title = doc?.titleTokens.split(" ") ?? [];
    expect(title).toEqual(
      expect.arrayContaining(["キャラクター", "活用", "カツヨウ", "pr", "pr活動", "活動"]),
    );
    expect(doc?.actionTokens).toHaveLength(2);
    expect(doc?.actionTokens[0]?.split(" ")).toEqual(expect.arrayContaining(["外部", "ガイブ", "貸出す"]));
    expect(doc?.measureTitleTokens.split(" ")).toContain("推進");
    expect(doc?.hierarchyTokens.split(" ")).toEqual(
      expect.arrayContaining(["市民自治", "コミュニティ", "地域"]),
    );
    expect(doc?.titleTokens).not.toMatch(/ (は|を|の|ある) /);
  });

  it("keeps dictionary words whole when given the vocabulary (kuromoji has no user dictionary)", () => {
    const [plain] = buildSearchDocuments(plan, tokenizer);
    const [withVocabulary] = buildSearchDocuments(plan, tokenizer, { synonyms: [["なし坊", "ゆるキャラ"]] });
    expect(plain?.titleTokens.split(" ")).not.toContain("なし坊");
    expect(withVocabulary?.titleTokens.split(" ")).toContain("なし坊");
  });
});
