// A filter within a part of the plan (基本方針, section, 施策), with a status, department or year, and
// shares: counted from the seed edition's plan, the projects named when there are few.
import { beforeAll, describe, expect, it } from "vitest";
import type { Answer, Answerer } from "../../src/answer/index.js";
import { countStatuses, projectsOf } from "../../src/plan/index.js";
import { createPipeline } from "../eval/pipeline.js";
import { loadSeedPlan } from "../support/seed.js";

let answerer: Answerer;
beforeAll(async () => {
  answerer = (await createPipeline()).answerer;
});

const plan = loadSeedPlan();
const all = projectsOf(plan);
const within = (prefix: string) => all.filter((entry) => entry.project.id.startsWith(`${prefix}-`));
const titlesOf = (prefix: string, status: string) =>
  within(prefix)
    .filter((entry) => entry.project.status === status)
    .map((entry) => entry.project.title);

function expectKind<K extends Answer["kind"]>(answer: Answer, kind: K): Extract<Answer, { kind: K }> {
  expect(answer.kind).toBe(kind);
  return answer as Extract<Answer, { kind: K }>;
}

describe("combined filters", () => {
  it("counts a status within a 基本方針", async () => {
    const pillar = plan.pillars.find((p) => p.title === "市民協働");
    const expected = countStatuses(within(String(pillar?.no))).未実施;
    const answer = expectKind(await answerer.answer("市民協働の分野で未実施はいくつ？"), "count");
    expect(answer.count).toBe(expected);
    expect(answer.heading).toBe(`基本方針「市民協働」の未実施の事業は${expected}件です`);
    // More than three: the list button names them.
    expect(answer.items).toEqual([]);
    const listed = expectKind(await answerer.followUp(answer.list ?? { kind: "departments" }), "list");
    expect(listed.total).toBe(expected);
  });

  it("lists a status within a section, each project named", async () => {
    const answer = expectKind(
      await answerer.answer("協働のモデルづくりでまだやってない事業を教えて"),
      "list",
    );
    expect(answer.items.map((item) => item.title).sort()).toEqual(titlesOf("3-2", "未実施").sort());
  });

  it("names the projects of a count of three or fewer", async () => {
    const answer = expectKind(await answerer.answer("市民活動支援課の記載なしは何件"), "count");
    expect(answer.count).toBe(2);
    expect(answer.items.map((item) => item.status)).toEqual(["記載なし", "記載なし"]);
  });

  it("keeps a year, a status and a 基本方針 together", async () => {
    const expected = within("3").filter(
      (e) => e.project.status === "実施あり" && e.project.actions.some((a) => a.fiscalYears.includes(2014)),
    );
    const answer = expectKind(await answerer.answer("平成26年度に市民協働の分野で実施した事業は？"), "list");
    expect(answer.items.map((item) => item.id).sort()).toEqual(expected.map((e) => e.project.id).sort());
  });

  it("states a share with both numbers", async () => {
    const counts = countStatuses(all);
    const answer = expectKind(await answerer.answer("何割くらい実施できたの？"), "count");
    const percent = Math.round((counts.実施あり / all.length) * 100);
    expect(answer.heading).toBe(
      `事業${all.length}件のうち、実施ありは${counts.実施あり}件（${percent}%）です`,
    );
    const undone = expectKind(await answerer.answer("未実施の割合はどのくらい？"), "count");
    expect(undone.heading).toContain(`事業${all.length}件のうち、未実施は${counts.未実施}件`);
  });

  it("states a share within a 基本方針", async () => {
    const counts = countStatuses(within("3"));
    const answer = expectKind(await answerer.answer("市民協働の分野は何割が実施済み？"), "count");
    expect(answer.heading).toContain(`${within("3").length}件のうち、実施ありは${counts.実施あり}件`);
  });

  it("still answers a project's own status, though its words name a 施策 too", async () => {
    const answer = await answerer.answer("協働のモデル事業は実施されましたか");
    expect(answer.kind).toBe("project");
  });
});
