// Example questions offered in no-match and greeting replies, built from the edition itself so they
// always lead somewhere. They never carry a status label.
import type { Plan } from "../plan/index.js";
import { projectsOf } from "../plan/index.js";
import { ALL_DEPARTMENTS } from "./departments.js";

export function exampleQuestions(plan: Plan): string[] {
  const projects = projectsOf(plan);
  const perDepartment = new Map<string, number>();
  for (const { project } of projects)
    for (const name of project.departments)
      if (name !== ALL_DEPARTMENTS) perDepartment.set(name, (perDepartment.get(name) ?? 0) + 1);
  const department = [...perDepartment].sort((a, b) => b[1] - a[1])[0]?.[0];
  const latestYear = Math.max(
    0,
    ...projects.flatMap(({ project }) => project.actions.flatMap((action) => action.fiscalYears)),
  );
  return [
    "全体の進捗を教えて",
    ...(department ? [`${department}の事業は？`] : []),
    ...(latestYear > 0 ? [`${latestYear}年度に何をした？`] : []),
  ];
}
