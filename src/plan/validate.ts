import type { ParseIssue, Plan } from "./model.js";
import { projectsOf } from "./query.js";

interface Numbered {
  id: string;
  no: number;
  line: number;
}

function checkNumbering(label: string, siblings: readonly Numbered[], issues: ParseIssue[]): void {
  let expected = 1;
  for (const node of siblings) {
    if (node.no !== expected) {
      issues.push({
        line: node.line,
        severity: "warning",
        code: "numbering-gap",
        message: `${label}の番号が連続していません: ${expected} のはずが ${node.no} (id ${node.id})`,
      });
    }
    expected = node.no + 1;
  }
}

function checkDuplicates(nodes: readonly Numbered[], issues: ParseIssue[]): void {
  const first = new Map<string, number>();
  for (const node of nodes) {
    const seen = first.get(node.id);
    if (seen === undefined) {
      first.set(node.id, node.line);
      continue;
    }
    issues.push({
      line: node.line,
      severity: "error",
      code: "duplicate-id",
      message: `id ${node.id} が重複しています (${seen} 行目と同じ番号)`,
    });
  }
}

function checkEmpty(label: string, node: Numbered, children: readonly unknown[], issues: ParseIssue[]): void {
  if (children.length > 0) return;
  issues.push({
    line: node.line,
    severity: "warning",
    code: "empty-group",
    message: `${label} ${node.id} に項目がありません`,
  });
}

/** Document-level checks after parsing: ids, numbering, empty groups, at least one project. */
export function validatePlan(plan: Plan): ParseIssue[] {
  const issues: ParseIssue[] = [];
  checkNumbering("基本方針", plan.pillars, issues);
  const all: Numbered[] = [...plan.pillars];
  for (const pillar of plan.pillars) {
    checkEmpty("基本方針", pillar, pillar.sections, issues);
    checkNumbering("施策の方向", pillar.sections, issues);
    all.push(...pillar.sections);
    for (const section of pillar.sections) {
      checkEmpty("施策の方向", section, section.measures, issues);
      checkNumbering("施策", section.measures, issues);
      all.push(...section.measures);
      for (const measure of section.measures) {
        checkEmpty("施策", measure, measure.projects, issues);
        checkNumbering("具体的な事業", measure.projects, issues);
        all.push(...measure.projects);
      }
    }
  }
  checkDuplicates(all, issues);
  if (projectsOf(plan).length === 0) {
    issues.push({
      line: 0,
      severity: "error",
      code: "no-projects",
      message: "具体的な事業が一つもありません (no projects: not a progress list?)",
    });
  }
  return issues;
}
