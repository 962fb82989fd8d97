import type { Plan, ProgressStatus, Project, ProjectInContext } from "./model.js";
import { PROGRESS_STATUSES } from "./model.js";

/** Every 具体的な事業 in document order, with its 基本方針, section and 施策. */
export function projectsOf(plan: Plan): ProjectInContext[] {
  const result: ProjectInContext[] = [];
  for (const pillar of plan.pillars) {
    for (const section of pillar.sections) {
      for (const measure of section.measures) {
        for (const project of measure.projects) result.push({ project, pillar, section, measure });
      }
    }
  }
  return result;
}

export function findProject(plan: Plan, id: string): ProjectInContext | null {
  return projectsOf(plan).find((entry) => entry.project.id === id) ?? null;
}

export type StatusCounts = Record<ProgressStatus, number>;

/** Counts per status, every status present (0 when none). */
export function countStatuses(projects: Iterable<Project | ProjectInContext>): StatusCounts {
  const counts = Object.fromEntries(PROGRESS_STATUSES.map((status) => [status, 0])) as StatusCounts;
  for (const entry of projects) {
    const project = "project" in entry ? entry.project : entry;
    counts[project.status] += 1;
  }
  return counts;
}

export interface PillarStatistics {
  id: string;
  no: number;
  title: string;
  sections: number;
  measures: number;
  projects: number;
  actions: number;
  statuses: StatusCounts;
}

export interface PlanStatistics {
  pillars: number;
  sections: number;
  measures: number;
  projects: number;
  actions: number;
  statuses: StatusCounts;
  perPillar: PillarStatistics[];
}

export function planStatistics(plan: Plan): PlanStatistics {
  const perPillar = plan.pillars.map((pillar): PillarStatistics => {
    const measures = pillar.sections.flatMap((section) => section.measures);
    const projects = measures.flatMap((measure) => measure.projects);
    return {
      id: pillar.id,
      no: pillar.no,
      title: pillar.title,
      sections: pillar.sections.length,
      measures: measures.length,
      projects: projects.length,
      actions: projects.reduce((sum, project) => sum + project.actions.length, 0),
      statuses: countStatuses(projects),
    };
  });
  const sum = (key: "sections" | "measures" | "projects" | "actions"): number =>
    perPillar.reduce((total, pillar) => total + pillar[key], 0);
  return {
    pillars: plan.pillars.length,
    sections: sum("sections"),
    measures: sum("measures"),
    projects: sum("projects"),
    actions: sum("actions"),
    statuses: countStatuses(projectsOf(plan)),
    perPillar,
  };
}
