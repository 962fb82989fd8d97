import { beforeAll, describe, expect, it } from "vitest";
import {
  type Answer,
  type Answerer,
  createAnswerer,
  editionMarker,
  type FollowUp,
} from "../../src/answer/index.js";
import type { IndexedEdition } from "../../src/index/index.js";
import { decodeFollowUp, renderAnswer } from "../../src/line/render/index.js";
import { getTokenizer } from "../../src/nlp/index.js";
import { projectsOf } from "../../src/plan/index.js";
import { loadQuestions, QUESTION_FILES, seedEdition } from "../eval/pipeline.js";
import { firstMessageText } from "../eval/score.js";
import { limitProblems, walk } from "../support/line-limits.js";

let edition: IndexedEdition;
let answerer: Answerer;
let answers: Answer[];

/**
 * Every kind of answer the seed can produce: every evaluation question, each project (its card and
 * every action), each department's and year's list and count with all their pages, the canned replies.
 */
async function everyAnswer(): Promise<Answer[]> {
  const marker = editionMarker(edition);
  const out: Answer[] = [];
  const withPages = async (answer: Answer) => {
    out.push(answer);
    let next: FollowUp | null =
      answer.kind === "list" ? answer.next : answer.kind === "count" ? answer.list : null;
    while (next) {
      const page = await answerer.followUp(next);
      out.push(page);
      next = page.kind === "list" ? page.next : null;
    }
  };
  for (const file of QUESTION_FILES)
    for (const { question } of loadQuestions(file)) await withPages(await answerer.answer(question));
  for (const { project } of projectsOf(edition.plan)) {
    for (const all of [false, true])
      out.push(await answerer.followUp({ kind: "detail", edition: marker, id: project.id, all }));
    out.push(await answerer.answer(`${project.title}は実施された？`));
  }
  for (const department of edition.vocabulary.departments) {
    await withPages(await answerer.answer(`${department}の事業は？`));
    await withPages(await answerer.answer(`${department}の事業はいくつ？`));
  }
  for (const year of [25, 26, 27, 28, 29])
    await withPages(await answerer.answer(`平成${year}年度に何をした？`));
  for (const status of ["未実施", "実施済み", "記載なし"])
    await withPages(await answerer.answer(`${status}の事業は？`));
  await withPages(await answerer.answer(`${"平成28年度の".repeat(500)}事業は？`));
  const departments = await answerer.followUp({ kind: "departments" });
  out.push(departments);
  if (departments.kind === "departments")
    for (const d of departments.departments) await withPages(await answerer.followUp(d.list));
  out.push(await answerer.followUp({ kind: "detail", edition: "00000000", id: "1-1-1-1", all: false }));
  for (const kind of ["greeting", "intro", "non-text", "help"] as const) out.push(answerer.canned(kind));
  return out;
}

beforeAll(async () => {
  edition = await seedEdition();
  answerer = createAnswerer({ live: { current: () => edition }, tokenizer: await getTokenizer() });
  answers = await everyAnswer();
});

function postbacks(value: unknown): FollowUp[] {
  const out: FollowUp[] = [];
  walk(value, (key, child) => {
    if (key === "data" && typeof child === "string") {
      const followUp = decodeFollowUp(child);
      if (followUp) out.push(followUp);
    }
  });
  return out;
}

describe("renderAnswer within LINE's limits", () => {
  it("covers every answer kind", () => {
    const kinds = new Set(answers.map((a) => a.kind));
    for (const kind of [
      "project",
      "list",
      "count",
      "overview",
      "departments",
      "no-match",
      "greeting",
      "thanks",
      "help",
      "intro",
      "non-text",
      "stale",
    ])
      expect(kinds).toContain(kind);
    expect(answers.length).toBeGreaterThan(400);
  });

  it.each(["flex", "text"] as const)(
    "keeps every %s reply within the limits, every button a postback",
    (format) => {
      const problems = answers.flatMap((answer) =>
        limitProblems(renderAnswer(answer, { format })).map((p) => `${answer.kind}: ${p}`),
      );
      expect([...new Set(problems)]).toEqual([]);
    },
  );

  it("offers paging on every list page that has more, and 「すべて見る」 on every shortened card", () => {
    for (const answer of answers) {
      const data = postbacks(renderAnswer(answer)[0]);
      if (answer.kind === "list" && answer.next) expect(data).toContainEqual(answer.next);
      if (answer.kind === "list" && answer.previous) expect(data).toContainEqual(answer.previous);
      if (answer.kind === "project" && answer.best.more) expect(data).toContainEqual(answer.best.more);
    }
  });

  it("splits many departments into a carousel of ten a bubble, within the limits", () => {
    const list: FollowUp = { kind: "page", edition: "0000beef", query: { words: [], filter: {} }, offset: 0 };
    const answer: Answer = {
      kind: "departments",
      edition: null,
      departments: Array.from({ length: 200 }, (_, i) => ({
        name: `第${i + 1}まちづくり推進課`,
        counts: { total: 3, 実施あり: 1, 未実施: 1, 記載なし: 1 },
        list: { ...list, query: { words: [], filter: { departments: [`第${i + 1}まちづくり推進課`] } } },
      })),
    };
    const [first] = renderAnswer(answer);
    if (first?.type !== "flex" || first.contents.type !== "carousel") throw new Error("not a carousel");
    expect(first.contents.contents.length).toBeGreaterThanOrEqual(5);
    expect(limitProblems([first])).toEqual([]);
  });

  it("keeps the quick replies on the last message when a long question's note follows a card", async () => {
    const list = await answerer.answer("未実施の事業は？");
    const messages = renderAnswer({ ...list, ignoredCharacters: 300 });
    expect(messages.map((m) => m.type)).toEqual(["flex", "text"]);
    const note = messages[1];
    expect(note?.quickReply?.items?.length ?? 0).toBeGreaterThan(0);
    expect(limitProblems(messages)).toEqual([]);
  });

  it("cuts an oversized text safely", () => {
    const huge = "😀".repeat(4000);
    const answer: Answer = {
      kind: "project",
      intent: "status",
      edition: null,
      best: {
        id: "1-1-1-1",
        title: huge,
        shortName: "絵文字",
        measureTitle: "m",
        sectionTitle: "s",
        pillarTitle: "p",
        status: "実施あり",
        departments: ["総務課"],
        actions: [],
        matchedActions: 0,
        totalActions: 0,
        sibling: null,
        more: null,
        detail: { kind: "detail", edition: "e1", id: "1-1-1-1", all: false },
      },
      candidates: [],
    };
    for (const format of ["flex", "text"] as const) {
      const [first] = renderAnswer(answer, { format });
      expect(first?.type).toBe(format);
      expect(limitProblems(renderAnswer(answer, { format }))).toEqual([]);
    }
  });
});

describe("the first message carries the contract's facts", () => {
  it.each(["flex", "text"] as const)(
    "for every project (%s): title, measure, label, 担当課 and each shown action's years and department",
    (format) => {
      for (const answer of answers) {
        if (answer.kind !== "project") continue;
        const text = firstMessageText(renderAnswer(answer, { format }));
        const { best } = answer;
        expect(text).toContain(best.title);
        expect(text).toContain(best.measureTitle);
        expect(text).toContain(best.status);
        for (const d of best.departments) expect(text).toContain(d);
        for (const other of ["実施あり", "未実施", "記載なし"].filter((s) => s !== best.status))
          expect(text).not.toContain(other);
        for (const action of best.actions) {
          if (action.yearsLabel && action.westernYears)
            expect(text).toContain(`${action.yearsLabel}（${action.westernYears}）`);
          expect(text).toContain(`【${action.departments.join("、")}】`);
        }
      }
    },
  );

  it("puts a real summary in a project card's altText", async () => {
    const [first] = renderAnswer(await answerer.answer("防災訓練は実施された？"));
    if (first?.type !== "flex") throw new Error("not a Flex card");
    expect(first.altText).toContain("学校が実施している環境美化活動や防災訓練などを地域と合同で実施");
    expect(first.altText).toContain("実施あり");
    expect(first.altText).toContain("学校政策課");
    expect(first.altText).toContain("平成27～29年度（2015～2017年度）");
  });

  it("lists each project with its label, short name and full title, and states a count first", async () => {
    const list = await answerer.answer("都市計画課の事業一覧");
    const text = firstMessageText(renderAnswer(list));
    if (list.kind !== "list") throw new Error(list.kind);
    for (const item of list.items)
      for (const s of [item.status, item.shortName, item.title]) expect(text).toContain(s);
    const count = firstMessageText(renderAnswer(await answerer.answer("未実施の事業はいくつ？")));
    expect(count.startsWith("未実施の事業は22件です")).toBe(true);
  });

  it("carries no status label where no project is meant", () => {
    for (const answer of answers) {
      if (!["no-match", "greeting", "thanks", "help", "intro", "non-text", "stale"].includes(answer.kind))
        continue;
      const text = JSON.stringify(renderAnswer(answer));
      for (const label of ["実施あり", "未実施", "記載なし"]) expect(text).not.toContain(label);
    }
  });

  it("tells a stale button's sender that the list is new", async () => {
    const stale = await answerer.followUp({
      kind: "page",
      edition: "00000000",
      query: { words: [], filter: {} },
      offset: 0,
    });
    expect(firstMessageText(renderAnswer(stale))).toContain("進捗一覧が新しくなりました");
  });

  it("puts the overview's totals in a Flex altText and a bar per 基本方針", async () => {
    const [first] = renderAnswer(await answerer.answer("全体の進捗"));
    expect(first?.type).toBe("flex");
    if (first?.type !== "flex") return;
    expect(first.altText).toContain("全59事業");
    expect(first.altText).toContain("実施あり35件");
    expect(
      JSON.stringify(first.contents).match(/"backgroundColor":"#0A5C99"/g)?.length,
    ).toBeGreaterThanOrEqual(4);
  });

  it("offers candidates as a carousel of detail postbacks", async () => {
    const messages = renderAnswer(await answerer.answer("市民大学校について教えて"));
    const carousel = messages.find((m) => m.type === "flex" && m.contents.type === "carousel");
    expect(postbacks(carousel)).toContainEqual({
      kind: "detail",
      edition: editionMarker(edition),
      id: "1-1-4-1",
      all: false,
    });
  });
});

describe("an answer asked again", () => {
  it("reuses its built Flex messages, frozen, and a text rendering is its own", async () => {
    const answer = await answerer.answer("防災訓練は実施された？");
    expect(await answerer.answer("防災訓練は実施された？")).toBe(answer);
    const first = renderAnswer(answer);
    const again = renderAnswer(answer);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(again[0]).toBe(first[0]);
    expect(Object.isFrozen(first[0])).toBe(true);
    expect(() => {
      (first[0] as { type: string }).type = "text";
    }).toThrow(TypeError);
    const text = renderAnswer(answer, { format: "text" });
    expect(text[0]?.type).toBe("text");
    expect(renderAnswer(answer)[0]?.type).toBe("flex");
  });

  it("builds follow buttons afresh for a citizen who follows projects", async () => {
    const answer = await answerer.answer("防災訓練は実施された？");
    const nothing = { followed: new Set<string>() };
    expect(renderAnswer(answer, { follow: nothing })[0]).toBe(renderAnswer(answer, { follow: nothing })[0]);
    const id = answer.kind === "project" ? answer.best.id : "";
    const following = { followed: new Set([id]) };
    const first = renderAnswer(answer, { follow: following });
    expect(renderAnswer(answer, { follow: following })[0]).not.toBe(first[0]);
    expect(JSON.stringify(first)).not.toEqual(JSON.stringify(renderAnswer(answer, { follow: nothing })));
  });
});
