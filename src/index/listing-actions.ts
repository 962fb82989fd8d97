import type { SearchDocument } from "./documents.js";

/**
 * For a listing without words (「都市計画課の事業は？」「平成28年度に何をした？」): the actions of a
 * project the filter is about, in the plan's order. `departments` holds every name the filter
 * stands for (aliases and predecessors resolved); null when the filter names none.
 */
export function actionsByFilter(
  doc: Pick<SearchDocument, "actionDepartments" | "actionFiscalYears">,
  departments: ReadonlySet<string> | null,
  fiscalYears: readonly number[] = [],
): number[] {
  if (!departments && fiscalYears.length === 0) return [];
  return doc.actionDepartments.flatMap((actionDepartments, i) => {
    const byDepartment = !departments || actionDepartments.some((d) => departments.has(d));
    const byYear =
      fiscalYears.length === 0 || (doc.actionFiscalYears[i] ?? []).some((y) => fiscalYears.includes(y));
    return byDepartment && byYear ? [i] : [];
  });
}
