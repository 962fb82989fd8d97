// 担当課から探す: the departments of an edition, the ones with most projects first.
import { type Plan, projectsOf } from "../plan/index.js";

/** A department name that stands for "every department" rather than one. */
export const ALL_DEPARTMENTS = "各課";

export function departmentNames(plan: Plan): string[] {
  const projects = new Map<string, number>();
  for (const { project } of projectsOf(plan))
    for (const name of new Set(project.departments))
      if (name !== ALL_DEPARTMENTS) projects.set(name, (projects.get(name) ?? 0) + 1);
  return [...projects].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "ja")).map(([name]) => name);
}
