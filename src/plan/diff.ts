// What changed between two editions, for staff to check before publishing one.
import type { Action, Plan, ProgressStatus, ProjectInContext } from "./model.js";
import { projectsOf } from "./query.js";
import { matchKey } from "./text.js";

export interface ProjectRef {
  id: string;
  title: string;
  /** 施策 */
  measure: string;
  status: ProgressStatus;
}

export interface StatusChange {
  id: string;
  title: string;
  from: ProgressStatus;
  to: ProgressStatus;
}

export interface ActionRef {
  projectId: string;
  projectTitle: string;
  text: string;
  yearsLabel: string | null;
  fiscalYears: number[];
}

export interface PlanDiff {
  addedProjects: ProjectRef[];
  removedProjects: ProjectRef[];
  /** A project kept its id but its title changed (a correction, or a different project in that slot). */
  retitledProjects: { id: string; from: string; to: string }[];
  statusChanges: StatusChange[];
  /** Projects found again under another id (numbers shifted around them): old id → new id. */
  renumberedProjects: { from: string; to: string }[];
  /** Actions of projects present in both editions that the old one did not list. */
  addedActions: ActionRef[];
  /** Western fiscal years of the new edition's actions that no action of the old one had. */
  newFiscalYears: number[];
  /** True when nothing above changed. */
  unchanged: boolean;
}

function refOf({ project, measure }: ProjectInContext): ProjectRef {
  return { id: project.id, title: project.title, measure: measure.title, status: project.status };
}

/** Same 施策 and same title: a project keeps its identity when numbers shift around it. */
function keyOf({ project, measure }: ProjectInContext): string {
  return `${matchKey(measure.title)}\u0000${matchKey(project.title)}`;
}

function actionKey(action: Action): string {
  return `${matchKey(action.text)}\u0000${matchKey(action.yearsLabel ?? "")}`;
}

function fiscalYearsOfPlan(projects: readonly ProjectInContext[]): Set<number> {
  return new Set(projects.flatMap(({ project }) => project.actions.flatMap((a) => a.fiscalYears)));
}

/** Pairs the projects of two editions by 施策 and title, then the rest by id. */
function pair(before: ProjectInContext[], after: ProjectInContext[]) {
  const byKey = new Map<string, ProjectInContext[]>();
  for (const entry of before) {
    const list = byKey.get(keyOf(entry)) ?? [];
    list.push(entry);
    byKey.set(keyOf(entry), list);
  }
  const pairs: [ProjectInContext, ProjectInContext][] = [];
  const unmatchedAfter: ProjectInContext[] = [];
  for (const entry of after) {
    const match = byKey.get(keyOf(entry))?.shift();
    if (match) pairs.push([match, entry]);
    else unmatchedAfter.push(entry);
  }
  const paired = new Set(pairs.map(([old]) => old));
  const unmatchedBefore = new Map(
    before.filter((entry) => !paired.has(entry)).map((entry) => [entry.project.id, entry]),
  );
  const added: ProjectInContext[] = [];
  const retitled: [ProjectInContext, ProjectInContext][] = [];
  for (const entry of unmatchedAfter) {
    const old = unmatchedBefore.get(entry.project.id);
    if (old) {
      retitled.push([old, entry]);
      unmatchedBefore.delete(entry.project.id);
    } else {
      added.push(entry);
    }
  }
  return { pairs: [...pairs, ...retitled], retitled, added, removed: [...unmatchedBefore.values()] };
}

export function diffPlans(before: Plan, after: Plan): PlanDiff {
  const oldProjects = projectsOf(before);
  const newProjects = projectsOf(after);
  const { pairs, retitled, added, removed } = pair(oldProjects, newProjects);
  const position = new Map(newProjects.map((entry, i) => [entry, i]));
  pairs.sort((a, b) => (position.get(a[1]) ?? 0) - (position.get(b[1]) ?? 0));

  const statusChanges: StatusChange[] = [];
  const addedActions: ActionRef[] = [];
  for (const [old, now] of pairs) {
    if (old.project.status !== now.project.status) {
      statusChanges.push({
        id: now.project.id,
        title: now.project.title,
        from: old.project.status,
        to: now.project.status,
      });
    }
    const known = new Set(old.project.actions.map(actionKey));
    for (const action of now.project.actions) {
      if (known.has(actionKey(action))) continue;
      addedActions.push({
        projectId: now.project.id,
        projectTitle: now.project.title,
        text: action.text,
        yearsLabel: action.yearsLabel,
        fiscalYears: [...action.fiscalYears],
      });
    }
  }
  const oldYears = fiscalYearsOfPlan(oldProjects);
  const newFiscalYears = [...fiscalYearsOfPlan(newProjects)]
    .filter((y) => !oldYears.has(y))
    .sort((a, b) => a - b);

  const diff = {
    addedProjects: added.map(refOf),
    removedProjects: removed.map(refOf),
    retitledProjects: retitled.map(([old, now]) => ({
      id: now.project.id,
      from: old.project.title,
      to: now.project.title,
    })),
    statusChanges,
    renumberedProjects: pairs
      .filter(([old, now]) => old.project.id !== now.project.id)
      .map(([old, now]) => ({ from: old.project.id, to: now.project.id })),
    addedActions,
    newFiscalYears,
  };
  const unchanged =
    diff.addedProjects.length === 0 &&
    diff.removedProjects.length === 0 &&
    diff.retitledProjects.length === 0 &&
    diff.statusChanges.length === 0 &&
    diff.addedActions.length === 0 &&
    diff.newFiscalYears.length === 0;
  return { ...diff, unchanged };
}
