import type { messagingApi } from "@line/bot-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { type Answer, type Answerer, createAnswerer } from "../../src/answer/index.js";
import { decodeFollowUp, LINE_LIMITS, renderAnswer } from "../../src/line/render/index.js";
import { getTokenizer } from "../../src/nlp/index.js";
import { projectsOf } from "../../src/plan/index.js";
import { seedEdition } from "../eval/pipeline.js";
import { firstMessageText } from "../eval/score.js";

let answerer: Answerer;
let answers: Answer[];

/** Every kind of answer the seed can produce: each project, each department's and year's list, all pages. */
async function everyAnswer(): Promise<Answer[]> {
  const edition = await seedEdition();
  const projects = projectsOf(edition.plan);
  const out: Answer[] = [];
  const withPages = async (answer: Answer) => {
    out.push(answer);
    let next = answer.kind === "list" ? answer.next : answer.kind === "count" ? answer.list : null;
    while (next) {
      const page = await answerer.followUp(next);
      out.push(page);
      next = page.kind === "list" ? page.next : null;
    }
  };
  for (const { project } of projects) {
    out.push(await answerer.followUp({ kind: "detail", id: project.id }));
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
  for (const q of [
    "全体の進捗",
    "未実施の事業はいくつ",
    "事業はいくつ",
    "今日の天気は？",
    "こんにちは",
    "ありがとう",
    "使い方",
  ])
    await withPages(await answerer.answer(q));
  for (const kind of ["greeting", "intro", "non-text", "help"] as const) out.push(answerer.canned(kind));
  return out;
}

beforeAll(async () => {
  const edition = await seedEdition();
  answerer = createAnswerer({ live: { current: () => edition }, tokenizer: await getTokenizer() });
  answers = await everyAnswer();
});

type Visit = (key: string, value: unknown) => void;
function walk(value: unknown, visit: Visit): void {
  if (Array.isArray(value)) for (const item of value) walk(item, visit);
  else if (value !== null && typeof value === "object")
    for (const [key, child] of Object.entries(value)) {
      visit(key, child);
      walk(child, visit);
    }
}

function limitProblems(messages: messagingApi.Message[]): string[] {
  const problems: string[] = [];
  if (messages.length < 1 || messages.length > LINE_LIMITS.messagesPerReply)
    problems.push(`${messages.length} messages`);
  messages.forEach((message, i) => {
    if (
      message.type === "text" &&
      (message.text.length === 0 || message.text.length > LINE_LIMITS.textLength)
    )
      problems.push(`text ${message.text.length}`);
    if (message.type === "flex") {
      if (message.altText.length === 0 || message.altText.length > LINE_LIMITS.altTextLength)
        problems.push("altText");
      if (
        message.contents.type === "carousel" &&
        message.contents.contents.length > LINE_LIMITS.carouselBubbles
      )
        problems.push("carousel");
      if (JSON.stringify(message.contents).length > 10_000) problems.push("flex too large");
    }
    const items = message.quickReply?.items ?? [];
    if (items.length > LINE_LIMITS.quickReplyItems) problems.push("quick reply items");
    if (items.length > 0 && i !== messages.length - 1) problems.push("quick reply not on the last message");
    for (const item of items) {
      const label = item.action?.label ?? "";
      if (label.length === 0 || label.length > LINE_LIMITS.quickReplyLabelLength)
        problems.push(`label ${label}`);
    }
    walk(message, (key, value) => {
      if (
        key === "data" &&
        (typeof value !== "string" || value.length > 300 || decodeFollowUp(value) === null)
      )
        problems.push(`postback data ${String(value)}`);
      if (key === "displayText" && (typeof value !== "string" || value.length > 300))
        problems.push("displayText");
      if (typeof value === "string" && /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(value))
        problems.push("lone surrogate");
    });
  });
  return problems;
}

describe("renderAnswer within LINE's limits", () => {
  it("covers every answer kind", () => {
    const kinds = new Set(answers.map((a) => a.kind));
    for (const kind of [
      "project",
      "list",
      "count",
      "overview",
      "no-match",
      "greeting",
      "thanks",
      "help",
      "intro",
      "non-text",
    ])
      expect(kinds).toContain(kind);
    expect(answers.length).toBeGreaterThan(200);
  });

  it("keeps every reply within the limits", () => {
    const problems = answers.flatMap((answer) =>
      limitProblems(renderAnswer(answer)).map((p) => `${answer.kind}: ${p}`),
    );
    expect(problems).toEqual([]);
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
        measureTitle: "m",
        sectionTitle: "s",
        pillarTitle: "p",
        status: "実施あり",
        departments: ["総務課"],
        actions: [],
        matchedActions: 0,
        totalActions: 0,
        sibling: null,
      },
      candidates: [],
    };
    const [first] = renderAnswer(answer);
    expect(first?.type).toBe("text");
    expect(limitProblems(renderAnswer(answer))).toEqual([]);
  });
});

describe("the first message carries the contract's facts", () => {
  it("for every project: title, measure, label, 担当課 and each shown action's years and department", () => {
    for (const answer of answers) {
      if (answer.kind !== "project") continue;
      const text = firstMessageText(renderAnswer(answer));
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
  });

  it("carries no status label where no project is meant", () => {
    for (const answer of answers) {
      if (!["no-match", "greeting", "thanks", "help", "intro", "non-text"].includes(answer.kind)) continue;
      const text = JSON.stringify(renderAnswer(answer));
      for (const label of ["実施あり", "未実施", "記載なし"]) expect(text).not.toContain(label);
    }
  });

  it("puts the overview's totals in a Flex altText and a bar per 基本方針", async () => {
    const [first] = renderAnswer(await answerer.answer("全体の進捗"));
    expect(first?.type).toBe("flex");
    if (first?.type !== "flex") return;
    expect(first.altText).toContain("全59事業");
    expect(first.altText).toContain("実施あり35件");
    expect(
      JSON.stringify(first.contents).match(/"backgroundColor":"#2E7D32"/g)?.length,
    ).toBeGreaterThanOrEqual(4);
  });

  it("offers candidates as a carousel of detail postbacks", async () => {
    const messages = renderAnswer(await answerer.answer("市民大学校について教えて"));
    const carousel = messages.find((m) => m.type === "flex" && m.contents.type === "carousel");
    const data: string[] = [];
    walk(carousel, (key, value) => {
      if (key === "data" && typeof value === "string") data.push(value);
    });
    expect(data.map(decodeFollowUp)).toContainEqual({ kind: "detail", id: "1-1-4-1" });
  });
});
