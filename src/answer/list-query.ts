// A list's query, bounded so that a follow-up can carry it, and the heading that names what it selects.
import type { QueryFilter, QueryTerm } from "../nlp/index.js";
import { formatEraFiscalYears, formatFiscalYears } from "../plan/index.js";
import type { PlanScope } from "./levels.js";
import type { ListQuery } from "./types.js";

/** Sized so that the largest query fits LINE's 300-character postback data with room to spare. */
export const QUERY_LIMITS = {
  words: 6,
  wordLength: 16,
  departments: 3,
  departmentLength: 20,
  fiscalYears: 50,
  /** Runs of consecutive years (2013～2017 is one). */
  yearRuns: 6,
} as const;
/** Projects on one page of a list. */
export const PAGE_SIZE = 10;
/** A heading names at most this many departments or separate years, then says how many more. */
const NAMED_IN_HEADING = 3;

const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * The question's words (each compound once: its parts are found again when the words are expanded)
 * and its filters, deduplicated and capped. A question repeating a year 300 times is one year.
 */
export function boundedQuery(terms: readonly QueryTerm[], filter: QueryFilter, within?: string): ListQuery {
  const words: string[] = [];
  for (const { surface } of terms) {
    if (words.length === QUERY_LIMITS.words) break;
    if (surface.length > QUERY_LIMITS.wordLength || words.some((w) => w.includes(surface))) continue;
    words.push(surface);
  }
  const bounded: QueryFilter = {};
  if (filter.statuses?.length) bounded.statuses = distinct(filter.statuses);
  const departments = distinct(filter.departments ?? []).filter(
    (d) => d.length <= QUERY_LIMITS.departmentLength,
  );
  if (departments.length > 0) bounded.departments = departments.slice(0, QUERY_LIMITS.departments);
  const years = boundedYears(filter.fiscalYears ?? []);
  if (years.length > 0) bounded.fiscalYears = years;
  return within && SCOPE_ID.test(within) ? { words, filter: bounded, within } : { words, filter: bounded };
}

/** 「2」「2-4」「1-1-1」: a 基本方針, section or 施策 id. */
export const SCOPE_ID = /^\d{1,3}(?:-\d{1,3}){0,2}$/;

/** Whether a project (by its hierarchical id) belongs to the scope. */
export function isWithin(projectId: string, within: string | undefined): boolean {
  return within === undefined || projectId.startsWith(`${within}-`);
}

function boundedYears(fiscalYears: readonly number[]): number[] {
  const years: number[] = [];
  let runs = 0;
  for (const year of distinct(fiscalYears).sort((a, b) => a - b)) {
    const startsRun = years[years.length - 1] !== year - 1;
    if (years.length === QUERY_LIMITS.fiscalYears || (startsRun && runs === QUERY_LIMITS.yearRuns)) break;
    if (startsRun) runs += 1;
    years.push(year);
  }
  return years;
}

function named(names: readonly string[], unit: string): string {
  const shown = names.slice(0, NAMED_IN_HEADING).join("・");
  return names.length > NAMED_IN_HEADING ? `${shown}ほか${names.length - NAMED_IN_HEADING}${unit}` : shown;
}

/** 平成28年度（2016年度）, 平成27～29年度（2015～2017年度）, 2013・2014・2016年度. */
function yearsOf(years: readonly number[]): string {
  const first = years[0];
  const last = years[years.length - 1];
  if (first === undefined || last === undefined) return "";
  if (last - first === years.length - 1)
    return `${formatEraFiscalYears(first, last)}（${formatFiscalYears(years)}）`;
  const shown = `${years.slice(0, NAMED_IN_HEADING).join("・")}年度`;
  const more = years.length - NAMED_IN_HEADING;
  return more > 0 ? `${shown}ほか${more}か年度` : shown;
}

function scopeName(scope: PlanScope): string {
  return scope.kind === "基本方針" ? `基本方針「${scope.title}」の` : `${scope.kind}「${scope.title}」の`;
}

/** 「都市計画課が担当する平成28年度（2016年度）に取組のある未実施の事業」: what a filter selects. */
export function subjectOf(filter: QueryFilter, scope?: PlanScope | null): string {
  let subject = scope ? scopeName(scope) : "";
  if (filter.departments?.length) subject += `${named(filter.departments, "課")}が担当する`;
  if (filter.fiscalYears?.length) subject += `${yearsOf(filter.fiscalYears)}に取組のある`;
  if (filter.statuses?.length) subject += `${filter.statuses.join("・")}の`;
  return `${subject}事業`;
}

/**
 * 「事業59件のうち実施ありは35件（59%）」: a count out of its whole, the whole named by what selects
 * it apart from the statuses counted.
 */
export function shareOf(
  filter: QueryFilter,
  scope: PlanScope | null,
  total: number,
  counted: number,
): string {
  const whole = subjectOf({ ...filter, statuses: undefined }, scope);
  const statuses = (filter.statuses ?? []).join("・");
  const percent = total > 0 ? Math.round((counted / total) * 100) : 0;
  return `${whole}${total}件のうち、${statuses}は${counted}件（${percent}%）です`;
}
