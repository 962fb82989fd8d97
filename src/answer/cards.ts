// Plan data → the answer model's cards, summaries and counts. Pure; every fact is copied from the plan.
import type {
  Action,
  Plan,
  StatusCounts as PlanStatusCounts,
  Project,
  ProjectInContext,
} from "../plan/index.js";
import { formatEraFiscalYears, formatFiscalYears } from "../plan/index.js";
import type { ActionLine, FollowUp, ProjectCard, ProjectSummary, StatusCounts } from "./types.js";

/** What cards need from the edition: its marker for follow-ups and its projects' short names. */
export interface CardContext {
  marker: string;
  shortNames: ReadonlyMap<string, string>;
}

export function detailFollowUp(context: CardContext, id: string, all = false): FollowUp {
  return { kind: "detail", edition: context.marker, id, all };
}

function shortNameOf(context: CardContext, project: Project): string {
  return context.shortNames.get(project.id) ?? project.title;
}

/** The year group as written, minus layout noise: "平成 27~29 年度" → "平成27～29年度". */
export function displayYearsLabel(label: string): string {
  return label.normalize("NFKC").replace(/\s+/g, "").replace(/~/g, "～");
}

export function actionLine(
  action: Pick<Action, "text" | "yearsLabel" | "fiscalYears"> & Partial<Pick<Action, "departments">>,
): ActionLine {
  const western = formatFiscalYears(action.fiscalYears);
  return {
    text: action.text.trim(),
    yearsLabel: action.yearsLabel === null ? null : displayYearsLabel(action.yearsLabel),
    westernYears: western === "" ? null : western,
    fiscalYears: [...action.fiscalYears],
    departments: [...(action.departments ?? [])],
  };
}

/**
 * All the project's years, compact: "平成25～29年度（2013～2017年度）"; Western only when not one
 * unbroken span ("2013、2014、2016年度"); null when none.
 */
function projectYears(project: Project): string | null {
  const years = [...new Set(project.actions.flatMap((action) => action.fiscalYears))].sort((a, b) => a - b);
  const first = years[0];
  const last = years[years.length - 1];
  if (first === undefined || last === undefined) return null;
  const western = formatFiscalYears(years);
  return last - first === years.length - 1 ? `${formatEraFiscalYears(first, last)}（${western}）` : western;
}

function pick(project: Project, indexes: readonly number[]): Action[] {
  return indexes.flatMap((i) => {
    const action = project.actions[i];
    return action ? [action] : [];
  });
}

export function projectSummary(
  context: CardContext,
  entry: ProjectInContext,
  actions: readonly number[] = [],
): ProjectSummary {
  const { project, measure } = entry;
  return {
    id: project.id,
    title: project.title,
    shortName: shortNameOf(context, project),
    measureTitle: measure.title,
    status: project.status,
    departments: [...project.departments],
    years: projectYears(project),
    actions: pick(project, actions).map(actionLine),
    detail: detailFollowUp(context, project.id),
  };
}

export interface CardSelection {
  /** Action indexes to show, relevant ones first. */
  actions: number[];
  /** How many of `actions`, from the start, matched the question. */
  matched: number;
}

export function projectCard(
  context: CardContext,
  entry: ProjectInContext,
  selection: CardSelection,
  sibling: { entry: ProjectInContext; actions: number[] } | null,
): ProjectCard {
  const { project, measure, section, pillar } = entry;
  return {
    id: project.id,
    title: project.title,
    shortName: shortNameOf(context, project),
    measureTitle: measure.title,
    sectionTitle: section.title,
    pillarTitle: pillar.title,
    status: project.status,
    departments: [...project.departments],
    actions: pick(project, selection.actions).map(actionLine),
    matchedActions: selection.matched,
    totalActions: project.actions.length,
    sibling: sibling
      ? {
          id: sibling.entry.project.id,
          title: sibling.entry.project.title,
          actions: pick(sibling.entry.project, sibling.actions).map(actionLine),
        }
      : null,
    more:
      selection.actions.length < project.actions.length ? detailFollowUp(context, project.id, true) : null,
    detail: detailFollowUp(context, project.id),
  };
}

export function statusCounts(counts: PlanStatusCounts): StatusCounts {
  return {
    total: counts.実施あり + counts.未実施 + counts.記載なし,
    実施あり: counts.実施あり,
    未実施: counts.未実施,
    記載なし: counts.記載なし,
  };
}

/** The plan's owner, named in no-match replies: the edition's publisher line. */
export function planContact(plan: Plan): string {
  return plan.publisher?.trim() || "市民活動支援課";
}
