import { describe, expect, it } from "vitest";
import { parsePlan, projectsOf } from "../../src/plan/index.js";
import { errorsOf, FRAME, onlyProject, parseLines, projectsFromRows, validPlan } from "./fixtures.js";

describe("preamble and headings", () => {
  it("reads the title and the edition line into the plan", () => {
    const plan = validPlan([
      "",
      "市民参加・協働のまちづくりプラン 進捗一覧",
      "",
      "平成30年7月 市民活動支援課",
      ...FRAME,
      "①事業\t課\t・未実施",
    ]);
    expect(plan.title).toBe("市民参加・協働のまちづくりプラン 進捗一覧");
    expect(plan.edition).toBe("平成30年7月");
    expect(plan.publisher).toBe("市民活動支援課");
  });

  it("reads a pillar's title and subtitle", () => {
    const [pillar] = validPlan([...FRAME, "①事業\t課\t・未実施"]).pillars;
    expect(pillar).toMatchObject({
      id: "1",
      no: 1,
      title: "市民参加",
      subtitle: "多様な市民とともにつくる",
      line: 1,
    });
  });

  it("tells sections from 施策 by structure, keeping parentheses inside titles", () => {
    const plan = validPlan([
      "1.「市民参加」～副題～",
      "(1)情報の活用と提供の充実(P41～42)",
      "(1)ICT(情報通信技術)を活用した情報提供の充実(P41)",
      "①事業\t課\t・未実施",
      "(2)次の施策(P42)",
      "具体的な事業\t担当課\t実施したこと(実施年度)",
      "①事業\t課\t・未実施",
      "(2)次の見出し(P43)",
      "(1)見出しの後の施策(P43)\t\t",
      "①事業\t課\t・未実施",
    ]);
    const sections = plan.pillars[0]?.sections ?? [];
    expect(sections.map((s) => [s.id, s.title])).toEqual([
      ["1-1", "情報の活用と提供の充実"],
      ["1-2", "次の見出し"],
    ]);
    expect(sections[0]?.measures.map((m) => [m.id, m.title])).toEqual([
      ["1-1-1", "ICT(情報通信技術)を活用した情報提供の充実"],
      ["1-1-2", "次の施策"],
    ]);
  });

  it.each([
    ["(P41)", { label: "P41", first: 41, last: 41 }],
    ["(P41～42)", { label: "P41～42", first: 41, last: 42 }],
    ["(P43~44)", { label: "P43~44", first: 43, last: 44 }],
    ["(P53~P56)", { label: "P53~P56", first: 53, last: 56 }],
    ["（Ｐ５３〜Ｐ５６）", { label: "Ｐ５３〜Ｐ５６", first: 53, last: 56 }],
  ])("reads the page reference %s", (ref, pages) => {
    const plan = validPlan([
      "1.「市民参加」～副題～",
      `(1)見出し${ref}`,
      `(1)施策${ref}\t\t`,
      "①事業\t課\t・未実施",
    ]);
    const section = plan.pillars[0]?.sections[0];
    expect(section?.pages).toEqual(pages);
    expect(section?.title).toBe("見出し");
    expect(section?.measures[0]?.pages).toEqual(pages);
  });

  it("takes the 施策 description from column 2 or 3", () => {
    const plan = validPlan([
      "1.「市民参加」～副題～",
      "(1)見出し(P41)",
      "(1)施策A(P41)\t説明その1です。\t",
      "①事業\t課\t・未実施",
      "(2)施策B(P41)\t\t説明その2です。\t",
      "①事業\t課\t・未実施",
      "(3)施策C(P41)\t\t",
      "①事業\t課\t・未実施",
    ]);
    const measures = plan.pillars[0]?.sections[0]?.measures ?? [];
    expect(measures.map((m) => m.description)).toEqual(["説明その1です。", "説明その2です。", null]);
  });
});

describe("column header rows", () => {
  it("accepts a 施策 without a header row", () => {
    const plan = validPlan([
      ...FRAME.slice(0, 3),
      "①市内の空き店舗情報の一元的管理と提供の検討\t市民活動支援課\t・未実施\t",
    ]);
    expect(projectsOf(plan).map((p) => [p.project.id, p.project.status])).toEqual([["1-1-1-1", "未実施"]]);
  });

  it("skips full and partial header rows with a reason", () => {
    const result = parseLines([...FRAME.slice(0, 3), "具体的な事業\t\t", "①事業\t課\t・未実施"]);
    expect(result.ok && result.skipped).toEqual([{ line: 4, reason: "列見出し行 (一部の列のみ)" }]);
    const full = parseLines([...FRAME, "①事業\t課\t・未実施"]);
    expect(full.ok && full.skipped).toEqual([{ line: 4, reason: "列見出し行" }]);
  });

  it("removes a header merged into the first data row, in the 担当課 and 実施したこと cells", () => {
    const plan = validPlan([
      ...FRAME.slice(0, 3),
      "具体的な事業\t\t",
      "①団塊シニア世代のしくみづくり\t担当課 企画政策課 市民活動支援課\t実施したこと(実施年度) ・団塊・シニア世代活動支援事業研究会を立ち上げ(平成 25 年度)【企画政策課】",
    ]);
    const project = projectsOf(plan)[0]?.project;
    expect(project?.departments).toEqual(["企画政策課", "市民活動支援課"]);
    expect(project?.departmentsInherited).toBe(false);
    expect(project?.actions.map((a) => a.text)).toEqual(["団塊・シニア世代活動支援事業研究会を立ち上げ"]);
    expect(plan.warnings.map((w) => [w.line, w.code])).toEqual([[5, "merged-header"]]);
  });
});

describe("projects", () => {
  it("reads circled numbers, with or without a space after them, beyond ⑳", () => {
    const projects = projectsFromRows("① 一つ目\t課\t・未実施", "②二つ目\t課\t・未実施");
    expect(projects.map((p) => [p.id, p.no, p.title])).toEqual([
      ["1-1-1-1", 1, "一つ目"],
      ["1-1-1-2", 2, "二つ目"],
    ]);
    const rows = Array.from(
      { length: 21 },
      (_, i) => `${String.fromCodePoint(i < 20 ? 0x2460 + i : 0x3251)}事業${i + 1}\t課\t・未実施`,
    );
    expect(projectsFromRows(...rows).at(-1)).toMatchObject({ no: 21, id: "1-1-1-21", title: "事業21" });
  });

  it("keeps ・ sub-items of a title in the title", () => {
    const project = onlyProject(
      "①事業説明会の開催 ・地域防災計画の見直しに伴う意見交換会 ・「地域を考えるフォーラム」の開催\t市民活動支援課\t・未実施",
    );
    expect(project.title).toBe(
      "事業説明会の開催 ・地域防災計画の見直しに伴う意見交換会 ・「地域を考えるフォーラム」の開催",
    );
  });

  it("splits several departments separated by ASCII or full-width spaces", () => {
    expect(onlyProject("①事業\t企画政策課 秘書広報課\u3000総務課\t・未実施").departments).toEqual([
      "企画政策課",
      "秘書広報課",
      "総務課",
    ]);
  });

  it("inherits an empty 担当課 from the row above within the 施策 and records it", () => {
    const [first, second, third] = projectsFromRows(
      "①一\t企画政策課 総務課\t・未実施",
      "②二\t\t・未実施",
      "③三\t\t・未実施",
    );
    expect(first).toMatchObject({ departments: ["企画政策課", "総務課"], departmentsInherited: false });
    expect(second).toMatchObject({ departments: ["企画政策課", "総務課"], departmentsInherited: true });
    expect(third).toMatchObject({ departments: ["企画政策課", "総務課"], departmentsInherited: true });
  });

  it("does not inherit 担当課 across 施策", () => {
    const plan = validPlan([
      ...FRAME,
      "①一\t企画政策課\t・未実施",
      "(2)別の施策(P41)\t\t",
      "①二\t\t・未実施",
    ]);
    const second = projectsOf(plan)[1]?.project;
    expect(second).toMatchObject({ departments: [], departmentsInherited: false });
    expect(plan.warnings.map((w) => [w.line, w.code])).toEqual([[7, "no-departments"]]);
  });

  it("derives ids from numbers, never titles: the same title under two 施策 gets two ids", () => {
    const plan = validPlan([
      ...FRAME,
      "①市民ファシリテーター養成講座の開催\t課\t・未実施",
      "(2)別の施策(P52)\t\t",
      "①市民ファシリテーター養成講座の開催\t課\t・未実施",
    ]);
    expect(projectsOf(plan).map((p) => p.project.id)).toEqual(["1-1-1-1", "1-1-2-1"]);
  });
});

describe("status from the 実施したこと cell", () => {
  it("・未実施 → 未実施 with no actions", () => {
    expect(onlyProject("①事業\t課\t・未実施")).toMatchObject({
      status: "未実施",
      actions: [],
      siblingId: null,
    });
  });

  it("an empty cell → 記載なし (never 未実施), linked to the nearest row above with content", () => {
    const [first, second, third] = projectsFromRows(
      "①一\t課\t・何かの実施(平成25年度)【課】",
      "②二\t\t",
      "③三\t\t・未実施",
    );
    expect(first?.status).toBe("実施あり");
    expect(second).toMatchObject({ status: "記載なし", actions: [], siblingId: first?.id });
    expect(third?.status).toBe("未実施");
  });

  it("a 記載なし first row links to the next row with content", () => {
    const [first, second] = projectsFromRows("①一\t課\t", "②二\t\t・何かの実施(平成25年度)【課】");
    expect(first).toMatchObject({ status: "記載なし", siblingId: second?.id });
  });

  it("a 施策 with only 記載なし rows has no sibling", () => {
    expect(onlyProject("①一\t課\t")).toMatchObject({ status: "記載なし", siblingId: null });
  });
});

describe("actions", () => {
  it("splits <ul> HTML fragments of bare items, each ending in 【】", () => {
    const project = onlyProject(
      '①事業\t企画政策課\t<ul style="list-style-type: none"> サイトをリニューアル(平成26年度)【秘書広報課】 ガイドブックを掲載(平成25～29年度)【保健福祉相談室】 管理運営を行った(平成29年度)【しろいの魅力発信課】',
    );
    expect(project.status).toBe("実施あり");
    expect(project.actions.map((a) => [a.text, a.departments, a.yearsLabel])).toEqual([
      ["サイトをリニューアル", ["秘書広報課"], "平成26年度"],
      ["ガイドブックを掲載", ["保健福祉相談室"], "平成25～29年度"],
      ["管理運営を行った", ["しろいの魅力発信課"], "平成29年度"],
    ]);
  });

  it("splits ・ bullets inside <ul> and trailing cells", () => {
    const project = onlyProject(
      '①事業\t課\t<ul style="list-style-type: none"> ・準備(平成27年度)【市民活動支援課】 ・試行(平成28~29年度)【市民活動支援課】 \t',
    );
    expect(project.actions.map((a) => [a.text, a.fiscalYears])).toEqual([
      ["準備", [2015]],
      ["試行", [2016, 2017]],
    ]);
  });

  it("does not take a ・ inside a word for a bullet, even right after one", () => {
    const project = onlyProject(
      "①事業\t総務課\t・NPO・ボランティア団体等における情報収集を実施(平成 28 年度)【総務課】 ・団塊・シニア世代の研究(平成25年度)【企画政策課】",
    );
    expect(project.actions.map((a) => a.text)).toEqual([
      "NPO・ボランティア団体等における情報収集を実施",
      "団塊・シニア世代の研究",
    ]);
  });

  it("keeps a 【】 inside the text: the department is the bracket at the end", () => {
    const [action] = onlyProject(
      "①事業\t課\t・市民活動コーディネーター講座【基礎編】の実施(平成 25 年度)【市民活動支援課】",
    ).actions;
    expect(action).toMatchObject({
      text: "市民活動コーディネーター講座【基礎編】の実施",
      departments: ["市民活動支援課"],
    });
  });

  it("splits several departments joined by 、 in one bracket", () => {
    const [action] = onlyProject(
      "①事業\t学校政策課\t・防災リアル訓練の実施（平成27～29年度）【市民活動支援課、市民安全課】",
    ).actions;
    expect(action).toMatchObject({
      departments: ["市民活動支援課", "市民安全課"],
      departmentsInherited: false,
      yearsLabel: "平成27～29年度",
      fiscalYears: [2015, 2016, 2017],
    });
  });

  it("gives an action without 【】 the project's 担当課, marked inherited", () => {
    const project = onlyProject(
      "①事業\t市民活動支援課 企画政策課\t・意見交換会の実施(平成 25~29 年度) ・懇談会の実施(平成 29 年度)【公民センター】",
    );
    expect(project.actions.map((a) => [a.text, a.departments, a.departmentsInherited])).toEqual([
      ["意見交換会の実施", ["市民活動支援課", "企画政策課"], true],
      ["懇談会の実施", ["公民センター"], false],
    ]);
  });

  it("takes the last (…年度) as the year group, keeping other parentheses and mid-text years in the text", () => {
    const [a, b] = onlyProject(
      "①事業\t課\t・平成28年3月制定の都市マスタープランの中で位置付け、制定。（平成27年度）【都市計画課】 ・作業部会で実施(6か所)(平成 28 年度)【社会福祉課】",
    ).actions;
    expect(a).toMatchObject({
      text: "平成28年3月制定の都市マスタープランの中で位置付け、制定。",
      fiscalYears: [2015],
    });
    expect(b).toMatchObject({
      text: "作業部会で実施(6か所)",
      yearsLabel: "平成 28 年度",
      fiscalYears: [2016],
    });
  });

  it("tolerates spaces before the year group and trailing periods or spaces", () => {
    const actions = onlyProject(
      "①事業\t課\t・フォーラムの実施 1回開催 (平成 27 年度)【市民活動支援課】 ・周知 (平成 28~29 年度)【総務課】。 \t",
    ).actions;
    expect(actions.map((a) => [a.text, a.yearsLabel, a.departments])).toEqual([
      ["フォーラムの実施 1回開催", "平成 27 年度", ["市民活動支援課"]],
      ["周知", "平成 28~29 年度", ["総務課"]],
    ]);
  });

  it("reads (通年) and year lists", () => {
    const [round, list] = onlyProject(
      "①事業\t課\t・アンケートを実施(通年)【プラネタリウム館】 ・センターを視察(平成 25、26、28 年度)【市民活動支援課】",
    ).actions;
    expect(round).toMatchObject({ yearRound: true, fiscalYears: [], yearsLabel: "通年" });
    expect(list).toMatchObject({
      yearRound: false,
      fiscalYears: [2013, 2014, 2016],
      yearsLabel: "平成 25、26、28 年度",
    });
  });

  it("reads full-width parentheses and digits, 〜, 令和 and cross-era ranges", () => {
    const actions = onlyProject(
      "①事業\t課\t・Ａ（平成２７〜２９年度）【課】 ・Ｂ(平成30年度～令和元年度)【課】 ・Ｃ(令和2年度)【課】",
    ).actions;
    expect(actions.map((a) => a.fiscalYears)).toEqual([[2015, 2016, 2017], [2018, 2019], [2020]]);
    expect(actions[0]?.yearsLabel).toBe("平成２７〜２９年度");
  });

  it("warns about an action with no year group and keeps it", () => {
    const plan = validPlan([...FRAME, "①事業\t課\t・年度のない取組【課】"]);
    expect(projectsOf(plan)[0]?.project.actions[0]).toMatchObject({
      text: "年度のない取組",
      yearsLabel: null,
      fiscalYears: [],
    });
    expect(plan.warnings.map((w) => [w.line, w.code])).toEqual([[5, "action-without-year"]]);
  });

  it("keeps display text faithful: no NFKC on titles or actions", () => {
    const project = onlyProject("①ＩＣＴ（情報通信技術）の活用\t課\t・ＨＰの更新（平成２６年度）【課】");
    expect(project.title).toBe("ＩＣＴ（情報通信技術）の活用");
    expect(project.actions[0]?.text).toBe("ＨＰの更新");
  });
});

describe("invalid documents are rejected with line numbers", () => {
  it.each([
    [
      "a project outside any 施策",
      ["1.「市民参加」～副題～", "①事業\t課\t・未実施"],
      2,
      "project-outside-measure",
    ],
    ["a 施策 before any section", ["(1)施策(P41)\t\t", "①事業\t課\t・未実施"], 1, "measure-outside-section"],
    ["an unreadable year group", [...FRAME, "①事業\t課\t・取組(平成XX年度)【課】"], 5, "unreadable-year"],
    ["a reversed year range", [...FRAME, "①事業\t課\t・取組(平成29～25年度)【課】"], 5, "unreadable-year"],
    ["a duplicate id", [...FRAME, "①事業\t課\t・未実施", "①事業\t課\t・未実施"], 6, "duplicate-id"],
    [
      "numbering that is not a number",
      [...FRAME, "(a)施策(P41)\t\t", "①事業\t課\t・未実施"],
      5,
      "numbering-not-a-number",
    ],
    ["no projects at all", ["1.「市民参加」～副題～", "(1)見出し(P41)"], 0, "no-projects"],
    ["a project without a title", [...FRAME, "①\t課\t・未実施"], 5, "project-without-title"],
  ])("%s", (_name, lines, line, code) => {
    const result = parseLines(lines);
    expect(result.ok).toBe(false);
    expect(errorsOf(result).map((issue) => [issue.line, issue.code])).toContainEqual([line, code]);
  });

  it("reports empty input and undecodable bytes without throwing", () => {
    expect(parsePlan("")).toMatchObject({ ok: false, issues: [{ code: "empty" }] });
    expect(parsePlan(new Uint8Array())).toMatchObject({
      ok: false,
      issues: [{ code: "empty" }],
      source: null,
    });
    expect(parsePlan(new Uint8Array([0x00, 0x01, 0x02, 0x9f]))).toMatchObject({ ok: false, source: null });
  });
});

describe("warnings for odd but usable documents", () => {
  it("warns about numbering gaps", () => {
    const plan = validPlan([...FRAME, "①一\t課\t・未実施", "③三\t課\t・未実施"]);
    expect(plan.warnings.map((w) => [w.line, w.code])).toEqual([[6, "numbering-gap"]]);
  });

  it("keeps an unrecognized line out of the model with a warning naming it", () => {
    const plan = validPlan([...FRAME, "①一\t課\t・未実施", "これは何の行でもない"]);
    expect(plan.warnings).toEqual([
      expect.objectContaining({
        line: 6,
        severity: "warning",
        code: "unrecognized-line",
        message: expect.stringContaining("これは何の行でもない"),
      }),
    ]);
  });
});
