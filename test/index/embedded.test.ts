import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createEmbeddedBackend,
  type EmbeddedBackend,
  loadVocabulary,
  type SearchHit,
} from "../../src/index/index.js";
import { createQuestionAnalyzer, getTokenizer, type QuestionAnalyzer } from "../../src/nlp/index.js";
import type { Plan } from "../../src/plan/index.js";
import { loadSeedPlan } from "../support/seed.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");

let plan: Plan;
let backend: EmbeddedBackend;
let analyzer: QuestionAnalyzer;

beforeAll(async () => {
  const tokenizer = await getTokenizer();
  plan = loadSeedPlan();
  const vocabulary = await loadVocabulary(INDEX_DATA, plan, tokenizer);
  backend = createEmbeddedBackend({ plan, tokenizer, vocabulary });
  analyzer = createQuestionAnalyzer({ tokenizer, vocabulary });
});

async function ask(question: string, limit?: number): Promise<SearchHit[]> {
  const { terms, filter } = analyzer.analyze(question);
  return backend.search({ terms, filter, limit });
}

function actionText(id: string, index: number | undefined): string {
  const doc = backend.documents.find((d) => d.id === id);
  return doc?.actions[index ?? -1] ?? "";
}

describe("embedded backend on the seed", () => {
  it("is named embedded and reports its documents", async () => {
    expect(backend.name).toBe("embedded");
    expect(await backend.health()).toEqual({ backend: "embedded", state: "ready", documents: 59 });
  });

  it.each(["防災訓練", "防災訓練は実施された？", "ぼうさいくんれん"])(
    "%s → 2-1-2-1, pointing at the 防災リアル訓練 action",
    async (question) => {
      const [best] = await ask(question);
      expect(best?.id).toBe("2-1-2-1");
      expect(actionText("2-1-2-1", best?.matchedActions[0])).toContain("防災リアル訓練");
    },
  );

  it.each([
    ["ﾎｰﾑﾍﾟｰｼﾞ", "1-1-1-1"],
    ["HPのリニューアル", "1-1-1-1"],
    ["景観写真展", "2-1-4-1"],
    ["けいかんしゃしんてん", "2-1-4-1"],
    ["市民活動保険はいつから？", "2-2-5-1"],
    ["ボランティア休暇", "3-3-2-2"],
    ["ボランテア休暇", "3-3-2-2"],
    ["空き店舗の情報", "2-4-4-1"],
    ["地域担当職員", "2-4-1-6"],
    ["市民活動団体への補助", "2-2-2-2"],
    ["NPOへの職員派遣", "3-3-2-1"],
    ["ゆるキャラのきぐるみ", "2-1-3-1"],
    ["介護予防推進員", "1-3-2-1"],
    // The plan writes 白井市市民活動推進委員会: the shorter compound inside it still finds it.
    ["市民活動推進委員会による評価は行われた？", "3-1-2-1"],
  ])("%s → %s", async (question, id) => {
    const [best] = await ask(question);
    expect(best?.id).toBe(id);
  });

  it("points at the action a question is about, best first", async () => {
    const [best] = await ask("ホームページのリニューアル");
    expect(best?.id).toBe("1-1-1-1");
    expect(actionText("1-1-1-1", best?.matchedActions[0])).toContain("リニューアル");
    const [photo] = await ask("フォトコンテスト");
    expect(photo?.id).toBe("2-1-3-2");
    expect(actionText("2-1-3-2", photo?.matchedActions[0])).toContain("フォトコンテスト");
  });

  it("ranks title and action matches above a 施策 description match", async () => {
    // 「アンケート」 is in 1-1-4-1's actions and description; 施策 descriptions alone must not win.
    const hits = await ask("アンケート");
    expect(hits[0]?.id).toBe("1-1-4-1");
  });

  it("finds nothing for words the plan never uses", async () => {
    expect(await ask("今日の天気")).toEqual([]);
  });

  it("respects the limit and orders by score", async () => {
    const hits = await ask("市民活動", 3);
    expect(hits).toHaveLength(3);
    expect(hits[0]?.score).toBeGreaterThanOrEqual(hits[1]?.score ?? Number.POSITIVE_INFINITY);
  });
});

describe("filters", () => {
  it("lists every project of a status in id order when there are no terms", async () => {
    const hits = await backend.search({ terms: [], filter: { statuses: ["未実施"] } });
    expect(hits).toHaveLength(22);
    expect(hits.map((h) => h.id)).toEqual([...hits.map((h) => h.id)].sort(compareIds));
    const noRecord = await backend.search({ terms: [], filter: { statuses: ["記載なし"] } });
    expect(noRecord.map((h) => h.id)).toEqual(["2-2-2-2", "2-2-3-2"]);
  });

  it("filters by department, the project's or any action's", async () => {
    const hits = await ask("都市計画課が担当している事業は？");
    expect(hits.map((h) => h.id)).toEqual(["2-1-4-1", "2-1-4-2"]);
    const safety = await backend.search({ terms: [], filter: { departments: ["市民安全課"] } });
    expect(safety.map((h) => h.id)).toEqual(["2-1-2-1"]);
    expect(safety[0]?.matchedActions).toEqual([0]);
  });

  it("lets しろいの魅力発信課 cover the PR actions its predecessors did in the projects it took over", async () => {
    const hits = await backend.search({ terms: [], filter: { departments: ["しろいの魅力発信課"] } });
    const ids = hits.map((h) => h.id);
    expect(ids).toEqual(expect.arrayContaining(["1-1-1-1", "1-1-2-1", "2-1-3-1", "2-1-3-2"]));
    expect(ids).not.toContain("1-1-3-1"); // 企画政策課's own project, not PR work
    const pr = hits.find((h) => h.id === "2-1-3-1");
    expect(pr?.matchedActions).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("filters by fiscal year, pointing at that year's actions", async () => {
    const hits = await backend.search({ terms: [], filter: { fiscalYears: [2016] } });
    expect(hits.length).toBeGreaterThan(5);
    for (const hit of hits) {
      const doc = backend.documents.find((d) => d.id === hit.id);
      expect(doc?.fiscalYears).toContain(2016);
      for (const i of hit.matchedActions) expect(doc?.actionFiscalYears[i]).toContain(2016);
    }
  });

  it("combines terms and filters", async () => {
    const { terms } = analyzer.analyze("協働");
    const hits = await backend.search({ terms, filter: { statuses: ["未実施"] } });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(backend.documents.find((d) => d.id === hit.id)?.status).toBe("未実施");
    const safety = analyzer.analyze("防災").terms;
    expect(await backend.search({ terms: safety, filter: { statuses: ["記載なし"] } })).toEqual([]);
  });
});

function compareIds(a: string, b: string): number {
  const x = a.split("-").map(Number);
  const y = b.split("-").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
