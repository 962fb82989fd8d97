import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import type { Plan, ProjectInContext } from "../../src/plan/index.js";
import { countStatuses, findProject, parsePlan, planStatistics, projectsOf } from "../../src/plan/index.js";
import { loadSeedBytes, loadSeedPlan } from "../support/seed.js";

let plan: Plan;
beforeAll(() => {
  plan = loadSeedPlan();
});

function project(id: string): ProjectInContext {
  const found = findProject(plan, id);
  if (!found) throw new Error(`no project ${id}`);
  return found;
}

describe("the seed edition (平成30年7月)", () => {
  it("has the document's figures", () => {
    const stats = planStatistics(plan);
    // The document has 33 施策 ((n) rows with table columns; 43 (n) lines minus 10 section headings).
    expect(stats).toMatchObject({ pillars: 3, sections: 10, measures: 33, projects: 59, actions: 93 });
    expect(stats.statuses).toEqual({ 実施あり: 35, 未実施: 22, 記載なし: 2 });
    expect(countStatuses(projectsOf(plan))).toEqual(stats.statuses);
    expect(stats.perPillar.map((p) => [p.title, p.projects, p.statuses])).toEqual([
      ["市民参加", 15, { 実施あり: 12, 未実施: 3, 記載なし: 0 }],
      ["市民自治", 27, { 実施あり: 14, 未実施: 11, 記載なし: 2 }],
      ["市民協働", 17, { 実施あり: 9, 未実施: 8, 記載なし: 0 }],
    ]);
  });

  it("reads the preamble and the pillars", () => {
    expect(plan).toMatchObject({
      title: "市民参加・協働のまちづくりプラン 進捗一覧",
      edition: "平成30年7月",
      publisher: "市民活動支援課",
    });
    expect(plan.pillars.map((p) => [p.id, p.title, p.subtitle, p.line])).toEqual([
      ["1", "市民参加", "多様な市民とともにつくる", 7],
      ["2", "市民自治", "みんなで地域をつくる", 53],
      ["3", "市民協働", "みんなで地域をつくる", 125],
    ]);
  });

  it("reads sections and 施策 with their page references", () => {
    const p2 = project("2-4-1-1");
    expect(p2.section).toMatchObject({
      id: "2-4",
      title: "地域の課題解決のための地域のしくみと環境づくり",
      line: 104,
    });
    expect(p2.section.pages).toEqual({ label: "P53~P56", first: 53, last: 56 });
    expect(p2.measure).toMatchObject({
      id: "2-4-1",
      title: "小学校区を基礎としたまちづくり組織の設立",
      line: 106,
    });
    expect(p2.measure.description).toMatch(/^小学校区などの広域な区域において、.*推進します。$/);
    const ict = project("1-1-1-1").measure;
    expect(ict).toMatchObject({ title: "ICT(情報通信技術)を活用した情報提供の充実", description: null });
    expect(ict.pages).toEqual({ label: "P41", first: 41, last: 41 });
    expect(project("1-1-4-1").measure.description).toMatch(/^アンケートなどの市民が抱く生活実感/);
  });

  it("reads the 防災 project 2-1-2-1 field by field", () => {
    const { project: p, measure } = project("2-1-2-1");
    expect(measure.title).toBe("子ども世代の地域との関わりの強化");
    expect(p).toMatchObject({
      no: 1,
      title: "学校が実施している環境美化活動や防災訓練などを地域と合同で実施",
      status: "実施あり",
      departments: ["学校政策課"],
      departmentsInherited: false,
      siblingId: null,
      line: 62,
    });
    expect(p.actions).toHaveLength(3);
    expect(p.actions[0]).toEqual({
      text: "池の上小学校 PTA、自治連合会と市が協働し、池の上小学校にて小学生、保護者、地域住民が参加する防災リアル訓練の実施",
      departments: ["市民活動支援課", "市民安全課"],
      departmentsInherited: false,
      fiscalYears: [2015, 2016, 2017],
      yearRound: false,
      yearsLabel: "平成27～29年度",
      line: 62,
    });
  });

  it("keeps the two 記載なし projects with their siblings", () => {
    const blank = projectsOf(plan).filter((entry) => entry.project.status === "記載なし");
    expect(
      blank.map(({ project: p }) => [p.id, p.line, p.siblingId, p.departments, p.departmentsInherited]),
    ).toEqual([
      ["2-2-2-2", 81, "2-2-2-1", ["市民活動支援課"], true],
      ["2-2-3-2", 86, "2-2-3-1", ["市民活動支援課"], true],
    ]);
    expect(blank.every(({ project: p }) => p.actions.length === 0)).toBe(true);
  });

  it("reads the project whose cells were merged with the header row", () => {
    const { project: p } = project("2-2-1-1");
    expect(p).toMatchObject({
      line: 76,
      departments: ["企画政策課", "市民活動支援課"],
      departmentsInherited: false,
    });
    expect(p.actions).toEqual([
      {
        text: "団塊・シニア世代活動支援事業研究会を立ち上げ、庁内での支援の仕組みづくりを検討",
        departments: ["企画政策課"],
        departmentsInherited: false,
        fiscalYears: [2013],
        yearRound: false,
        yearsLabel: "平成 25 年度",
        line: 76,
      },
    ]);
    expect(project("2-2-1-2").project).toMatchObject({ status: "未実施", departmentsInherited: true });
  });

  it("reads the 【基礎編】 action, the year list, 通年 and the action that inherits its department", () => {
    const basic = project("2-3-1-1").project.actions[0];
    expect(basic).toMatchObject({
      text: "市民活動コーディネーター講座【基礎編】の実施",
      departments: ["市民活動支援課"],
    });
    const list = project("2-2-3-1").project.actions[0];
    expect(list).toMatchObject({ yearsLabel: "平成 25、26、28 年度", fiscalYears: [2013, 2014, 2016] });
    const round = project("1-1-4-1").project.actions.find((a) => a.yearRound);
    expect(round).toMatchObject({
      text: "各投映ごとに、満足度、感想等を聞くアンケートを実施",
      yearsLabel: "通年",
      fiscalYears: [],
      departments: ["プラネタリウム館"],
    });
    const inherits = project("2-4-1-1").project.actions[0];
    expect(inherits).toMatchObject({
      text: "小学校区単位のまちづくり意見交換会の実施",
      departments: ["市民活動支援課", "企画政策課"],
      departmentsInherited: true,
      fiscalYears: [2013, 2014, 2015, 2016, 2017],
    });
    expect(
      projectsOf(plan)
        .flatMap((e) => e.project.actions)
        .filter((a) => a.departmentsInherited),
    ).toHaveLength(1);
  });

  it("keeps the title with its own ・ sub-items and the 13 bullets of 1-1-4-1", () => {
    expect(project("1-3-3-1").project.title).toBe(
      "事業説明会の開催 ・地域防災計画の見直しに伴う小学校区ごとの意見交換会 ・まちづくり協議会設立に向けた「地域を考えるフォーラム」の開催",
    );
    expect(project("1-1-4-1").project.actions).toHaveLength(13);
    expect(project("2-3-1-1").project.title).toBe(project("2-3-2-1").project.title);
  });

  it("loses nothing: every non-blank line is in the model, skipped or reported", () => {
    const result = parsePlan(loadSeedBytes());
    if (!result.ok) throw new Error("seed invalid");
    const covered = new Set<number>([3, 5]); // title and edition lines
    for (const pillar of plan.pillars) {
      covered.add(pillar.line);
      for (const section of pillar.sections) {
        covered.add(section.line);
        for (const measure of section.measures) {
          covered.add(measure.line);
          for (const p of measure.projects) covered.add(p.line);
        }
      }
    }
    for (const skipped of result.skipped) covered.add(skipped.line);
    for (const warning of result.warnings) covered.add(warning.line);
    const text = new TextDecoder().decode(loadSeedBytes());
    const nonBlank = text.split("\n").flatMap((line, index) => (line.trim() === "" ? [] : [index + 1]));
    expect(nonBlank.filter((line) => !covered.has(line))).toEqual([]);
    expect(result.warnings.map((w) => [w.line, w.code])).toEqual([[76, "merged-header"]]);
    expect(result.source).toEqual({ encoding: "utf-8", lineEnding: "lf", lines: 170 });
  });

  it("parses to the identical plan when re-encoded as CP932 with CRLF", () => {
    const text = new TextDecoder().decode(loadSeedBytes());
    const sjis = iconv.encode(text.replaceAll("\n", "\r\n"), "cp932");
    const result = parsePlan(sjis);
    expect(result.ok && result.source).toEqual({ encoding: "cp932", lineEnding: "crlf", lines: 170 });
    expect(result.ok && result.plan).toEqual(plan);
  });
});
