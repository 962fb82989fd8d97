// 「最近変わったことは？」: the diff of the served edition against the one before it, per project.
import type { EditionChanges } from "../index/index.js";
import { type Plan, projectsOf } from "../plan/index.js";
import { actionLine, type CardContext, detailFollowUp } from "./cards.js";
import type { ProjectChange } from "./types.js";

/**
 * Every project the publish changed (`plan`: the edition served now), in the plan's order:
 * a new project with all its actions, a changed status, actions the edition before did not list.
 */
export function projectChanges(context: CardContext, changes: EditionChanges, plan: Plan): ProjectChange[] {
  const { diff } = changes;
  const previousOf = new Map(diff.renumberedProjects.map((r) => [r.to, r.from]));
  const added = new Set(diff.addedProjects.map((p) => p.id));
  const from = new Map(diff.statusChanges.map((c) => [c.id, c.from]));
  const newActions = new Map<string, ReturnType<typeof actionLine>[]>();
  for (const action of diff.addedActions) {
    const list = newActions.get(action.projectId) ?? [];
    list.push(actionLine(action));
    newActions.set(action.projectId, list);
  }
  const changed = new Set([...added, ...from.keys(), ...newActions.keys()]);
  return projectsOf(plan)
    .map((entry) => entry.project)
    .filter((project) => changed.has(project.id))
    .map((project) => {
      const isNew = added.has(project.id);
      return {
        id: project.id,
        previousId: isNew ? null : (previousOf.get(project.id) ?? project.id),
        title: project.title,
        shortName: context.shortNames.get(project.id) ?? project.title,
        from: isNew ? null : (from.get(project.id) ?? project.status),
        to: project.status,
        newActions: isNew ? project.actions.map(actionLine) : (newActions.get(project.id) ?? []),
        detail: detailFollowUp(context, project.id),
      };
    });
}
