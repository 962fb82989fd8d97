// 担当課から探す: every department of the edition with its projects' statuses, most projects first.

import type { ProjectInContext } from "../plan/index.js";
import { countStatuses, type Plan, projectsOf } from "../plan/index.js";
import { statusCounts } from "./cards.js";
import type { DepartmentSummary, FollowUp } from "./types.js";

/** A department name that stands for "every department" rather than one. */
export const ALL_DEPARTMENTS = "各課";

export function departmentSummaries(plan: Plan, listOf: (name: string) => FollowUp): DepartmentSummary[] {
  const byDepartment = new Map<string, ProjectInContext[]>();
  for (const entry of projectsOf(plan))
    for (const name of new Set(entry.project.departments)) {
      if (name === ALL_DEPARTMENTS) continue;
      const entries = byDepartment.get(name) ?? [];
      entries.push(entry);
      byDepartment.set(name, entries);
    }
  return [...byDepartment]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0], "ja"))
    .map(([name, entries]) => ({ name, counts: statusCounts(countStatuses(entries)), list: listOf(name) }));
}
