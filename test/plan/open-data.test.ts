import { beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/index.js";
import { projectsOf, toOpenDataCsv, toOpenDataJson, toOpenDataRecords } from "../../src/plan/index.js";
import { loadSeedPlan } from "../support/seed.js";
import { FRAME, validPlan } from "./fixtures.js";

let plan: Plan;
beforeAll(() => {
  plan = loadSeedPlan();
});

/** Minimal RFC 4180 reader, enough to check what the writer produced. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

describe("open-data JSON", () => {
  it("is an array of projects with exactly the published fields", () => {
    const records = JSON.parse(toOpenDataJson(plan)) as Record<string, unknown>[];
    expect(records).toHaveLength(59);
    for (const record of records) {
      expect(Object.keys(record).sort()).toEqual(
        [
          "actions",
          "departments",
          "departmentsInherited",
          "id",
          "measure",
          "no",
          "pillar",
          "section",
          "source",
          "status",
          "title",
        ].sort(),
      );
      expect(Object.keys(record.pillar as object).sort()).toEqual(["no", "subtitle", "title"]);
      expect(Object.keys(record.section as object).sort()).toEqual(["no", "pages", "title"]);
      expect(Object.keys(record.measure as object).sort()).toEqual(["description", "no", "pages", "title"]);
      expect(Object.keys(record.source as object)).toEqual(["line"]);
      for (const action of record.actions as object[]) {
        expect(Object.keys(action).sort()).toEqual([
          "departments",
          "fiscalYears",
          "text",
          "yearRound",
          "yearsLabel",
        ]);
      }
    }
  });

  it("carries the facts of a project", () => {
    const record = toOpenDataRecords(plan).find((r) => r.id === "2-1-2-1");
    expect(record).toMatchObject({
      no: 1,
      status: "実施あり",
      departments: ["学校政策課"],
      pillar: { no: 2, title: "市民自治", subtitle: "みんなで地域をつくる" },
      section: { no: 1, title: "コミュニティ意識の向上", pages: { label: "P47～48", first: 47, last: 48 } },
      measure: {
        no: 2,
        title: "子ども世代の地域との関わりの強化",
        pages: { label: "P47", first: 47, last: 47 },
        description: null,
      },
      source: { line: 62 },
    });
    expect(record?.actions[0]).toEqual({
      text: "池の上小学校 PTA、自治連合会と市が協働し、池の上小学校にて小学生、保護者、地域住民が参加する防災リアル訓練の実施",
      departments: ["市民活動支援課", "市民安全課"],
      fiscalYears: [2015, 2016, 2017],
      yearRound: false,
      yearsLabel: "平成27～29年度",
    });
  });
});

describe("open-data CSV", () => {
  it("starts with a BOM, uses CRLF and has one row per action plus one per project without actions", () => {
    const csv = toOpenDataCsv(plan);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.replaceAll("\r\n", "")).not.toMatch(/\n/);
    const rows = readCsv(csv.slice(1));
    const withoutActions = projectsOf(plan).filter((e) => e.project.actions.length === 0).length;
    expect(withoutActions).toBe(24);
    expect(rows).toHaveLength(1 + 93 + withoutActions);
    const header = rows[0] ?? [];
    expect(rows.every((row) => row.length === header.length)).toBe(true);
    const blank = rows.find((row) => row[0] === "2-2-2-2");
    expect(blank?.[header.indexOf("status")]).toBe("記載なし");
    expect(blank?.[header.indexOf("action.text")]).toBe("");
  });

  it("quotes fields with commas, quotes and line breaks (RFC 4180)", () => {
    const tricky = validPlan([...FRAME, '①"引用",カンマ\t課\t・取組(平成25年度)【課】']);
    const csv = toOpenDataCsv(tricky);
    expect(csv).toContain('"""引用"",カンマ"');
    const rows = readCsv(csv.slice(1));
    expect(rows[1]?.[2]).toBe('"引用",カンマ');
    expect(rows[1]?.[rows[0]?.indexOf("action.fiscalYears") ?? -1]).toBe("2013");
  });
});
