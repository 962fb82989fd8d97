import { hasMergedActionsHeader, parseActionsCell } from "./actions.js";
import { classifyLine, type LineKind, MAX_LINE_LENGTH } from "./classify.js";
import { decodeDocument, describeText, splitLines } from "./decode.js";
import { splitDepartments, stripDepartmentHeader } from "./departments.js";
import type {
  Action,
  IssueSeverity,
  Measure,
  ParseIssue,
  ParseResult,
  Pillar,
  Plan,
  ProgressStatus,
  Project,
  Section,
  SkippedLine,
} from "./model.js";
import { validatePlan } from "./validate.js";

type Kind<K extends LineKind["kind"]> = Extract<LineKind, { kind: K }>;

/** Everything the parser needs while walking the lines. */
interface State {
  plan: Plan;
  pillar: Pillar | null;
  section: Section | null;
  measure: Measure | null;
  issues: ParseIssue[];
  omitted: Omitted;
  skipped: SkippedLine[];
}

/** Issues kept with their line; past this they are only counted (a junk file has one per line). */
export const MAX_REPORTED_ISSUES = 200;

/** Issues beyond MAX_REPORTED_ISSUES, by code and severity. */
interface Omitted {
  count: number;
  errors: number;
  byCode: Map<string, number>;
}

function report(state: State, line: number, severity: IssueSeverity, code: string, message: string): void {
  if (state.issues.length < MAX_REPORTED_ISSUES) {
    state.issues.push({ line, severity, code, message });
    return;
  }
  omit(state.omitted, { line, severity, code, message });
}

function omit(omitted: Omitted, issue: ParseIssue): void {
  omitted.count += 1;
  if (issue.severity === "error") omitted.errors += 1;
  omitted.byCode.set(issue.code, (omitted.byCode.get(issue.code) ?? 0) + 1);
}

/** The first MAX_REPORTED_ISSUES issues by line, then one line saying what else there was. */
function capIssues(issues: ParseIssue[], omitted: Omitted): ParseIssue[] {
  const sorted = issues.sort(byLine);
  for (const issue of sorted.slice(MAX_REPORTED_ISSUES)) omit(omitted, issue);
  const kept = sorted.slice(0, MAX_REPORTED_ISSUES);
  if (omitted.count === 0) return kept;
  const codes = [...omitted.byCode]
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ×${n}`)
    .join(", ");
  kept.push({
    line: 0,
    severity: omitted.errors > 0 ? "error" : "warning",
    code: "more-issues",
    message: `ほかに ${omitted.count} 件の問題があります (${omitted.count} more issues: ${codes})`,
  });
  return kept;
}

/** Titles and lines in messages are cut: a 10-million-character line must not become a 10 MB message. */
function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function classifyAll(lines: readonly string[]): LineKind[] {
  let preamble = true;
  return lines.map((line) => {
    const kind = classifyLine(line, preamble);
    if (kind.kind === "pillar") preamble = false;
    return kind;
  });
}

/** For each line, the kind of the next line that is not blank (one backward pass). */
function nextNonBlank(kinds: readonly LineKind[]): (LineKind | undefined)[] {
  const next: (LineKind | undefined)[] = new Array(kinds.length);
  let seen: LineKind | undefined;
  for (let i = kinds.length - 1; i >= 0; i--) {
    next[i] = seen;
    const kind = kinds[i];
    if (kind && kind.kind !== "blank") seen = kind;
  }
  return next;
}

/** A (n) line is a 施策 when table rows follow it, a section when another (n) follows; tabs decide otherwise. */
function headingRole(next: LineKind | undefined, tabbed: boolean): "section" | "measure" {
  if (next?.kind === "header" || next?.kind === "project") return "measure";
  if (next?.kind === "heading") return "section";
  return tabbed ? "measure" : "section";
}

function addPillar(state: State, kind: Kind<"pillar">, line: number): void {
  const pillar: Pillar = {
    id: String(kind.no),
    no: kind.no,
    title: kind.title,
    subtitle: kind.subtitle,
    line,
    sections: [],
  };
  state.plan.pillars.push(pillar);
  state.pillar = pillar;
  state.section = null;
  state.measure = null;
}

function addSection(state: State, kind: Kind<"heading">, line: number): void {
  state.measure = null;
  if (!state.pillar) {
    state.section = null;
    report(
      state,
      line,
      "error",
      "section-outside-pillar",
      `基本方針より前に見出しがあります: ${excerpt(kind.title)}`,
    );
    return;
  }
  const section: Section = {
    id: `${state.pillar.id}-${kind.no}`,
    no: kind.no,
    title: kind.title,
    pages: kind.pages,
    line,
    measures: [],
  };
  state.pillar.sections.push(section);
  state.section = section;
}

function addMeasure(state: State, kind: Kind<"heading">, line: number): void {
  if (!state.section) {
    state.measure = null;
    report(
      state,
      line,
      "error",
      "measure-outside-section",
      `施策が基本方針・見出しの外にあります: ${excerpt(kind.title)}`,
    );
    return;
  }
  const description = kind.rest.filter((cell) => cell !== "").join(" ");
  const measure: Measure = {
    id: `${state.section.id}-${kind.no}`,
    no: kind.no,
    title: kind.title,
    pages: kind.pages,
    description: description || null,
    line,
    projects: [],
  };
  state.section.measures.push(measure);
  state.measure = measure;
}

function statusOf(kind: ReturnType<typeof parseActionsCell>["cell"]["kind"]): ProgressStatus {
  if (kind === "actions") return "実施あり";
  return kind === "not-done" ? "未実施" : "記載なし";
}

function addProject(state: State, kind: Kind<"project">, line: number): void {
  const measure = state.measure;
  if (!measure) {
    report(
      state,
      line,
      "error",
      "project-outside-measure",
      `具体的な事業が施策の外にあります: ${excerpt(kind.title)}`,
    );
    return;
  }
  if (kind.title === "") {
    report(state, line, "error", "project-without-title", "具体的な事業の名称がありません");
    return;
  }
  const departmentCell = stripDepartmentHeader(kind.departmentCell);
  if (departmentCell.merged || hasMergedActionsHeader(kind.actionsCell)) {
    report(
      state,
      line,
      "warning",
      "merged-header",
      "列見出しが最初の事業行と結合されています (見出し部分は除外)",
    );
  }
  let departments = splitDepartments(departmentCell.cell);
  const above = measure.projects[measure.projects.length - 1];
  const departmentsInherited = departments.length === 0 && above !== undefined;
  if (above && departmentsInherited) departments = [...above.departments];
  if (departments.length === 0) {
    report(state, line, "warning", "no-departments", `担当課がありません: ${excerpt(kind.title)}`);
  }
  const parsed = parseActionsCell(kind.actionsCell);
  for (const problem of parsed.problems)
    report(state, line, problem.severity, problem.code, excerpt(problem.message));
  const actions: Action[] =
    parsed.cell.kind === "actions"
      ? parsed.cell.items.map((item) => ({
          text: item.text,
          departments: item.departments ?? [...departments],
          departmentsInherited: item.departments === null,
          fiscalYears: item.fiscalYears,
          yearRound: item.yearRound,
          yearsLabel: item.yearsLabel,
          line,
        }))
      : [];
  measure.projects.push({
    id: `${measure.id}-${kind.no}`,
    no: kind.no,
    title: kind.title,
    status: statusOf(parsed.cell.kind),
    departments,
    departmentsInherited,
    actions,
    siblingId: null,
    line,
  });
}

/** 記載なし rows share the merged cell of a neighbour: the nearest row above with content, else below. */
function linkSiblings(projects: Project[]): void {
  const filled = (other: Project) => other.status !== "記載なし";
  const below: (Project | undefined)[] = new Array(projects.length);
  let next: Project | undefined;
  for (let i = projects.length - 1; i >= 0; i--) {
    below[i] = next;
    const project = projects[i] as Project;
    if (filled(project)) next = project;
  }
  let above: Project | undefined;
  projects.forEach((project, index) => {
    if (filled(project)) {
      above = project;
      return;
    }
    project.siblingId = (above ?? below[index])?.id ?? null;
  });
}

function handleLine(
  state: State,
  kinds: readonly LineKind[],
  next: readonly (LineKind | undefined)[],
  index: number,
  raw: string,
): void {
  const kind = kinds[index];
  const line = index + 1;
  if (!kind) return;
  switch (kind.kind) {
    case "blank":
      return;
    case "pillar":
      addPillar(state, kind, line);
      return;
    case "heading":
      if (headingRole(next[index], kind.tabbed) === "section") addSection(state, kind, line);
      else addMeasure(state, kind, line);
      return;
    case "project":
      addProject(state, kind, line);
      return;
    case "header":
      state.skipped.push({ line, reason: kind.partial ? "列見出し行 (一部の列のみ)" : "列見出し行" });
      return;
    case "edition":
      if (state.plan.edition === null) {
        state.plan.edition = kind.edition;
        state.plan.publisher = kind.publisher;
        return;
      }
      break;
    case "text":
      if (state.pillar === null && state.plan.title === null) {
        state.plan.title = kind.text;
        return;
      }
      break;
    case "too-long":
      report(
        state,
        line,
        "error",
        "line-too-long",
        `行が長すぎます (${kind.length} 文字; 上限 ${MAX_LINE_LENGTH} 文字): ${excerpt(raw)}`,
      );
      return;
    case "bad-numbering":
      report(
        state,
        line,
        "error",
        "numbering-not-a-number",
        `番号が数字ではありません: ${excerpt(kind.token)}`,
      );
      return;
  }
  report(
    state,
    line,
    "warning",
    "unrecognized-line",
    `解釈できない行 (取り込みません): ${excerpt(raw.slice(0, 200).trim())}`,
  );
}

function byLine(a: ParseIssue, b: ParseIssue): number {
  return a.line - b.line;
}

/**
 * Bytes or text of one edition of the 進捗一覧 → validated Plan. Never throws on bad input:
 * garbage, truncated or empty documents come back as `{ ok: false, issues }`.
 */
export function parsePlan(input: Uint8Array | string): ParseResult {
  const decoded = typeof input === "string" ? describeText(input, "utf-8") : decodeDocument(input);
  if ("error" in decoded) return { ok: false, issues: [decoded.error], source: null };
  const lines = splitLines(decoded.text);
  const state: State = {
    plan: { title: null, edition: null, publisher: null, pillars: [] },
    pillar: null,
    section: null,
    measure: null,
    issues: [],
    omitted: { count: 0, errors: 0, byCode: new Map() },
    skipped: [],
  };
  const kinds = classifyAll(lines);
  if (kinds.every((kind) => kind.kind === "blank")) {
    const issue: ParseIssue = {
      line: 0,
      severity: "error",
      code: "empty",
      message: "文書が空です (empty document)",
    };
    return { ok: false, issues: [issue], source: decoded.source };
  }
  const next = nextNonBlank(kinds);
  lines.forEach((raw, index) => {
    handleLine(state, kinds, next, index, raw);
  });
  for (const pillar of state.plan.pillars) {
    for (const section of pillar.sections) {
      for (const measure of section.measures) linkSiblings(measure.projects);
    }
  }
  const issues = capIssues([...state.issues, ...validatePlan(state.plan)], state.omitted);
  if (issues.some((issue) => issue.severity === "error"))
    return { ok: false, issues, source: decoded.source };
  return { ok: true, plan: state.plan, warnings: issues, skipped: state.skipped, source: decoded.source };
}
