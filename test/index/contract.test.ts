// One contract for both backends: the same analyzed questions give the same best project and status.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createEmbeddedBackend,
  createMeilisearchBackend,
  createMeilisearchPublisher,
  loadVocabulary,
  type SearchBackend,
} from "../../src/index/index.js";
import { createQuestionAnalyzer, getTokenizer, type QuestionAnalyzer } from "../../src/nlp/index.js";
import { findProject, type Plan } from "../../src/plan/index.js";
import {
  MEILISEARCH_BINARY,
  MEILISEARCH_SKIP_MESSAGE,
  startMeilisearch,
  type TestMeilisearch,
} from "../support/meilisearch-server.js";
import { loadSeedPlan } from "../support/seed.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");

/** Question → best project id and its status, facts of the seed. */
const QUESTIONS: [string, string, string][] = [
  ["防災訓練は実施された？", "2-1-2-1", "実施あり"],
  ["ぼうさいくんれん", "2-1-2-1", "実施あり"],
  ["景観写真展は開催されましたか？", "2-1-4-1", "未実施"],
  ["市民活動保険はいつから始まった？", "2-2-5-1", "実施あり"],
  ["ﾎｰﾑﾍﾟｰｼﾞのリニューアルはいつ？", "1-1-1-1", "実施あり"],
  ["ボランティア休暇制度の担当課は？", "3-3-2-2", "未実施"],
  ["ボランテア休暇", "3-3-2-2", "未実施"],
  ["空き店舗の情報提供はしていますか", "2-4-4-1", "未実施"],
  ["なし坊の着ぐるみを貸してもらえる？", "2-1-3-1", "実施あり"],
  ["地域担当職員は配置されましたか", "2-4-1-6", "未実施"],
  ["審議会の公募委員に学生も応募できますか", "1-2-1-1", "実施あり"],
  ["外部評価は実施していますか？", "3-1-2-1", "未実施"],
  ["タウンミーティングは開催された？", "1-2-2-1", "実施あり"],
  ["ファシリテーション研修は職員向けにやってる？", "3-3-1-2", "実施あり"],
  ["市民活動団体への補助はどうなっていますか", "2-2-2-2", "記載なし"],
  ["NPOへの職員派遣は検討されていますか", "3-3-2-1", "実施あり"],
  ["フォトコンテストはいつ開催された？", "2-1-3-2", "実施あり"],
  ["介護予防推進員", "1-3-2-1", "実施あり"],
];

const LISTINGS = [
  "未実施の事業はいくつありますか",
  "都市計画課が担当している事業は？",
  "平成28年度に何をした？",
];

let server: TestMeilisearch | null = null;
let plan: Plan;
let analyzer: QuestionAnalyzer;
const backends = new Map<string, SearchBackend>();

beforeAll(async () => {
  const tokenizer = await getTokenizer();
  plan = loadSeedPlan();
  const vocabulary = await loadVocabulary(INDEX_DATA, plan, tokenizer);
  analyzer = createQuestionAnalyzer({ tokenizer, vocabulary });
  const embedded = createEmbeddedBackend({ plan, tokenizer, vocabulary });
  backends.set("embedded", embedded);
  if (!MEILISEARCH_BINARY) return;
  server = await startMeilisearch();
  const connection = { host: server.host, apiKey: server.masterKey, index: "contract" };
  await createMeilisearchPublisher(connection).publish(embedded.documents, vocabulary);
  backends.set("meilisearch", createMeilisearchBackend({ ...connection, timeoutMs: 5_000, vocabulary }));
});

afterAll(async () => {
  await server?.dispose();
});

function backend(name: string): SearchBackend {
  const found = backends.get(name);
  if (!found) throw new Error(`no ${name} backend`);
  return found;
}

async function ask(name: string, question: string) {
  const { terms, filter } = analyzer.analyze(question);
  return backend(name).search({ terms, filter });
}

const NAMES = MEILISEARCH_BINARY ? ["embedded", "meilisearch"] : ["embedded"];
if (!MEILISEARCH_BINARY) console.warn(`contract suite on Meilisearch ${MEILISEARCH_SKIP_MESSAGE}`);

describe.each(NAMES)("search contract: %s", (name) => {
  it.each(QUESTIONS)("%s → %s (%s)", async (question, id, status) => {
    const [best] = await ask(name, question);
    expect(best?.id).toBe(id);
    expect(best ? findProject(plan, best.id)?.project.status : null).toBe(status);
  });

  it.each(LISTINGS)("%s lists every match in plan order", async (question) => {
    const hits = await ask(name, question);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.score === 0)).toBe(true);
  });

  it("finds nothing for a question the plan does not cover", async () => {
    expect(await ask(name, "量子コンピューター")).toEqual([]);
  });
});

describe.skipIf(!MEILISEARCH_BINARY)("both backends agree", () => {
  it.each([...QUESTIONS.map(([q]) => q), ...LISTINGS])(
    "%s: same best project and the same best action",
    async (question) => {
      const [embedded, meilisearch] = await Promise.all([
        ask("embedded", question),
        ask("meilisearch", question),
      ]);
      expect(meilisearch[0]?.id).toBe(embedded[0]?.id);
      expect(meilisearch[0]?.matchedActions[0]).toBe(embedded[0]?.matchedActions[0]);
    },
  );

  it("lists exactly the same projects for filters", async () => {
    for (const question of LISTINGS) {
      expect(await ask("meilisearch", question)).toEqual(await ask("embedded", question));
    }
  });
});
