import { expect } from "vitest";
import type { ParseIssue, ParseResult, Plan, Project } from "../../src/plan/index.js";
import { parsePlan, projectsOf } from "../../src/plan/index.js";

/** A minimal valid frame: pillar 1, section (1), measure (1) with a header row. Rows follow on line 5. */
export const FRAME = [
  "1.「市民参加」～多様な市民とともにつくる～",
  "(1)情報の活用と提供の充実(P41～42)",
  "(1)ICT(情報通信技術)を活用した情報提供の充実(P41)\t\t",
  "具体的な事業\t担当課\t実施したこと(実施年度)",
];

export function parseLines(lines: readonly string[]): ParseResult {
  return parsePlan(lines.join("\n"));
}

export function validPlan(lines: readonly string[]): Plan & { warnings: ParseIssue[] } {
  const result = parseLines(lines);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return Object.assign(result.plan, { warnings: result.warnings });
}

/** Projects of a document made of FRAME plus the given project rows. */
export function projectsFromRows(...rows: string[]): Project[] {
  return projectsOf(validPlan([...FRAME, ...rows])).map((entry) => entry.project);
}

export function onlyProject(row: string): Project {
  const [project, ...rest] = projectsFromRows(row);
  expect(rest).toHaveLength(0);
  if (!project) throw new Error("no project parsed");
  return project;
}

export function errorsOf(result: ParseResult): ParseIssue[] {
  return result.ok ? [] : result.issues.filter((issue) => issue.severity === "error");
}
