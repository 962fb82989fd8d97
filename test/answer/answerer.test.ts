import { beforeAll, describe, expect, it } from "vitest";
import { type Answerer, createAnswerer, editionMarker } from "../../src/answer/index.js";
import type { IndexedEdition } from "../../src/index/index.js";
import { getTokenizer } from "../../src/nlp/index.js";
import type { Plan } from "../../src/plan/index.js";
import { seedEdition } from "../eval/pipeline.js";
import { answerOfKind as as, seedAnswerer } from "../support/answers.js";

let edition: IndexedEdition;
let answerer: Answerer;

beforeAll(async () => {
  ({ edition, answerer } = await seedAnswerer());
});

describe("project answers", () => {
  it("answers a status question with the project, its measure and the action asked about first", async () => {
    const { best, edition: asOf } = as(await answerer.answer("防災訓練は実施された？"), "project");
    expect(best).toMatchObject({
      id: "2-1-2-1",
      status: "実施あり",
      measureTitle: "子ども世代の地域との関わりの強化",
    });
    expect(best.departments).toEqual(["学校政策課"]);
    expect(best.actions[0]).toMatchObject({
      yearsLabel: "平成27～29年度",
      westernYears: "2015～2017年度",
      fiscalYears: [2015, 2016, 2017],
      departments: ["市民活動支援課", "市民安全課"],
    });
    expect(best.actions[0]?.text).toContain("防災リアル訓練");
    expect(best.matchedActions).toBe(1);
    expect(best.actions).toHaveLength(3);
    expect(asOf).toBe("平成30年7月");
  });

  it("shows only the actions a question names within a project of many, with their own departments", async () => {
    const { best } = as(await answerer.answer("なし坊の着ぐるみを貸してもらえる？"), "project");
    expect(best.id).toBe("2-1-3-1");
    expect(best.actions.map((a) => a.text)).toEqual(["着ぐるみの外部貸出し", "着ぐるみの外部貸出し"]);
    expect(best.actions.flatMap((a) => a.departments)).toEqual(["企画政策課", "しろいの魅力発信課"]);
    expect(best.totalActions).toBe(6);
  });

  it("keeps 記載なし and shows the sibling row the merged cell covers", async () => {
    const { best } = as(await answerer.answer("市民活動団体への補助はどうなっていますか"), "project");
    expect(best).toMatchObject({ id: "2-2-2-2", status: "記載なし", actions: [] });
    expect(best.sibling?.id).toBe("2-2-2-1");
    expect(best.sibling?.actions.length).toBeGreaterThan(0);
    expect(best.sibling?.actions.every((a) => a.text.includes("補助金"))).toBe(true);
  });

  it("offers comparable candidates but never the best twice", async () => {
    const { best, candidates } = as(await answerer.answer("市民大学校について教えて"), "project");
    expect(best.id).toBe("2-1-1-1");
    expect(candidates.map((c) => c.id)).toContain("1-1-4-1");
    expect(candidates.map((c) => c.id)).not.toContain(best.id);
    expect(candidates.length).toBeLessThanOrEqual(4);
  });

  it("prefers the actions of a year the question names", async () => {
    const { best } = as(await answerer.answer("ホワイトフェスティバルは平成29年度にやった？"), "project");
    expect(best.id).toBe("2-1-3-2");
    expect(best.actions[0]?.fiscalYears).toEqual([2017]);
  });

  it("gives a project on a detail follow-up, every action with 「すべて見る」, no-match for an unknown id", async () => {
    const marker = editionMarker(edition);
    const first = as(
      await answerer.followUp({ kind: "detail", edition: marker, id: "1-1-4-1", all: false }),
      "project",
    );
    expect(first.best.actions).toHaveLength(8);
    expect(first.best.totalActions).toBe(13);
    expect(first.best.more).toEqual({ kind: "detail", edition: marker, id: "1-1-4-1", all: true });
    expect(first.candidates).toEqual([]);
    const all = as(await answerer.followUp(first.best.more ?? { kind: "departments" }), "project");
    expect(all.best.actions).toHaveLength(13);
    expect(all.best.more).toBeNull();
    const unknown = await answerer.followUp({ kind: "detail", edition: marker, id: "9-9-9-9", all: false });
    expect(unknown.kind).toBe("no-match");
  });

  it("names every project shortly (≤ 20 characters, never a cut title)", async () => {
    const { best } = as(await answerer.answer("アンケートの結果を事業に活かす方法は？"), "project");
    expect(best.id).toBe("1-1-4-1");
    expect(best.shortName).toBe("生活実感・行動様式・アンケート");
    for (const name of edition.shortNames.values()) {
      expect(name.length).toBeGreaterThan(0);
      expect(name.length).toBeLessThanOrEqual(20);
      expect(name).not.toMatch(/…$/);
    }
    expect(edition.shortNames.size).toBe(59);
  });
});

describe("lists, counts and the overview", () => {
  it("counts with the parser's status counts", async () => {
    const count = as(await answerer.answer("未実施の事業はいくつありますか"), "count");
    expect(count).toMatchObject({ count: 22, status: "未実施", heading: "未実施の事業は22件です" });
    expect(count.counts).toEqual({ total: 59, 実施あり: 35, 未実施: 22, 記載なし: 2 });
    expect(count.list).toEqual({
      kind: "page",
      edition: editionMarker(edition),
      query: { words: [], filter: { statuses: ["未実施"] } },
      offset: 0,
    });
    const listed = as(await answerer.followUp(count.list ?? { kind: "departments" }), "list");
    expect(listed.total).toBe(22);
    expect(listed.items.every((item) => item.status === "未実施")).toBe(true);
  });

  it("pages a department list until every project was shown once", async () => {
    const seen: string[] = [];
    let page = as(await answerer.answer("市民活動支援課の事業は？"), "list");
    const total = page.total;
    for (;;) {
      seen.push(...page.items.map((item) => item.id));
      expect(page.items.length).toBeLessThanOrEqual(10);
      if (!page.next) break;
      page = as(await answerer.followUp(page.next), "list");
    }
    expect(total).toBeGreaterThan(10);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it("pages a very long question: the follow-up carries its analysed query, not its text", async () => {
    const question = `市民活動支援課の${"平成28年度の".repeat(26)}事業は？`;
    const first = as(await answerer.answer(question), "list");
    expect(first.heading.length).toBeLessThan(80);
    expect(first.heading).toBe(
      `市民活動支援課が担当する平成28年度（2016年度）に取組のある事業（${first.total}件）`,
    );
    expect(first.next).not.toBeNull();
    if (first.next?.kind !== "page") throw new Error("no page follow-up");
    expect(question.length).toBeGreaterThan(190);
    expect(JSON.stringify(first.next).length).toBeLessThan(200);
    const second = as(await answerer.followUp(first.next), "list");
    expect(second.offset).toBe(10);
    expect(second.previous).toMatchObject({ kind: "page", offset: 0 });
    expect(second.items.map((i) => i.id)).not.toContain(first.items[0]?.id);
  });

  it("answers a stale follow-up from another edition with a clear reply", async () => {
    const stale = await answerer.followUp({ kind: "detail", edition: "0000beef", id: "2-1-2-1", all: false });
    expect(stale.kind).toBe("stale");
    const page = await answerer.followUp({
      kind: "page",
      edition: "0000beef",
      query: { words: [], filter: { statuses: ["未実施"] } },
      offset: 10,
    });
    expect(page.kind).toBe("stale");
  });

  it("lists the departments, each with a follow-up listing its projects", async () => {
    const answer = as(await answerer.followUp({ kind: "departments" }), "departments");
    expect(answer.departments.length).toBeGreaterThan(5);
    const first = answer.departments[0];
    expect(first?.counts.total).toBeGreaterThan(0);
    const list = as(await answerer.followUp(first?.list ?? { kind: "departments" }), "list");
    expect(list.total).toBe(first?.counts.total);
  });

  it("answers a question a button asks like a message", async () => {
    expect((await answerer.followUp({ kind: "ask", question: "全体の進捗を教えて" })).kind).toBe("overview");
  });

  it("lists a year's projects with that year's actions", async () => {
    const list = as(await answerer.answer("平成28年度に何をした？"), "list");
    expect(list.heading).toContain("2016年度");
    expect(list.items.length).toBeGreaterThan(0);
    for (const item of list.items) {
      expect(item.actions.length).toBeGreaterThan(0);
      expect(item.actions.every((a) => a.fiscalYears.includes(2016))).toBe(true);
    }
  });

  it("gives the overview per 基本方針, adding up to the total", async () => {
    const overview = as(await answerer.answer("全体の進捗を教えて"), "overview");
    expect(overview.counts).toEqual({ total: 59, 実施あり: 35, 未実施: 22, 記載なし: 2 });
    expect(overview.pillars.map((p) => p.title)).toEqual(["市民参加", "市民自治", "市民協働"]);
    expect(overview.pillars.reduce((sum, p) => sum + p.counts.total, 0)).toBe(59);
  });
});

describe("no match and canned replies", () => {
  it.each(["今日の天気は？", "市役所の電話番号は？", "子ども手当はもらえる？"])(
    "%s matches nothing",
    async (q) => {
      const answer = as(await answerer.answer(q), "no-match");
      expect(answer.contact).toBe("市民活動支援課");
      expect(answer.examples.length).toBeGreaterThanOrEqual(2);
    },
  );

  it("greets, thanks and helps without a project", async () => {
    expect((await answerer.answer("こんにちは")).kind).toBe("greeting");
    expect((await answerer.answer("ありがとう")).kind).toBe("thanks");
    expect(answerer.canned("non-text").kind).toBe("non-text");
  });
});

describe("edition swaps", () => {
  it("answers from the edition current at each question", async () => {
    const plan: Plan = structuredClone(edition.plan);
    const project = plan.pillars[1]?.sections[0]?.measures[3]?.projects[0];
    expect(project?.id).toBe("2-1-4-1");
    if (project) {
      project.status = "実施あり";
      project.actions = [];
    }
    let current = edition;
    const swapping = createAnswerer({ live: { current: () => current }, tokenizer: await getTokenizer() });
    const before = as(await swapping.answer("景観写真展は開催されましたか？"), "project");
    current = { ...edition, plan };
    const after = as(await swapping.answer("景観写真展は開催されましたか？"), "project");
    expect([before.best.status, after.best.status]).toEqual(["未実施", "実施あり"]);
  });
});

describe("answer cache", () => {
  it("remembers answers per edition, and a new edition answers afresh", async () => {
    const first = await seedEdition();
    const second = await seedEdition();
    let served = first;
    const tokenizer = await getTokenizer();
    const cached = createAnswerer({ live: { current: () => served }, tokenizer });
    const question = "防災訓練は実施された？";
    const a = await cached.answer(question);
    expect(await cached.answer(` ${question} `)).toBe(a);
    served = second;
    const b = await cached.answer(question);
    expect(b).not.toBe(a);
    expect(b).toEqual(a);

    const uncached = createAnswerer({ live: { current: () => first }, tokenizer, cacheSize: 0 });
    expect(await uncached.answer(question)).not.toBe(await uncached.answer(question));
  });
});
