// FollowUp ⇄ postback data (≤ 300 characters), versioned by the prefix "f1:" so that other postbacks
// (feedback) can live beside it. Data comes back from the network: decode trusts nothing.
import type { FollowUp, ListQuery } from "../../answer/index.js";
import { QUERY_LIMITS, SCOPE_ID } from "../../answer/index.js";
import type { QueryFilter, StatusWord } from "../../nlp/index.js";
import { LINE_LIMITS } from "./limits.js";

export const FOLLOW_UP_PREFIX = "f1:";
const FIELD = ":";
const ITEM = ",";
const PROJECT_ID = /^\d{1,3}(?:-\d{1,3}){0,5}$/;
const EDITION = /^[0-9a-z]{1,16}$/;
/** Never an edition marker (those are hex digests). */
const LEGACY_EDITION = "legacy";
const OFFSET = /^\d{1,6}$/;
const YEAR_RANGE = /^(\d{4})(?:-(\d{4}))?$/;
const MAX_QUESTION = 100;
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

const STATUS_CODES: Record<StatusWord, string> = { 実施あり: "a", 未実施: "m", 記載なし: "n" };
const STATUS_OF = new Map(Object.entries(STATUS_CODES).map(([status, code]) => [code, status as StatusWord]));

/** Separators inside a value are written %3A, %2C; a literal % is %25. */
const escapeValue = (value: string) =>
  value.replace(/[%:,]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const ESCAPES: Record<string, string> = { "%25": "%", "%3A": ":", "%2C": "," };
function unescapeValue(value: string): string | null {
  if (/%(?!25|3A|2C)/.test(value)) return null;
  return value.replace(/%(?:25|3A|2C)/g, (e) => ESCAPES[e] ?? e);
}

/** 2015,2016,2017,2019 → "2015-2017,2019" */
function yearRanges(years: readonly number[]): string {
  const ranges: string[] = [];
  let start = years[0];
  for (let i = 0; start !== undefined && i < years.length; i++) {
    const year = years[i] as number;
    const next = years[i + 1];
    if (next !== year + 1) {
      ranges.push(start === year ? String(year) : `${start}-${year}`);
      start = next;
    }
  }
  return ranges.join(ITEM);
}

/** Four fields, and a fifth for a query kept within a part of the plan. */
function encodeQuery({ words, filter, within }: ListQuery): string[] {
  const fields = [
    (filter.statuses ?? []).map((s) => STATUS_CODES[s]).join(""),
    (filter.departments ?? []).map(escapeValue).join(ITEM),
    yearRanges(filter.fiscalYears ?? []),
    words.map(escapeValue).join(ITEM),
  ];
  return within ? [...fields, within] : fields;
}

/** Null when the follow-up does not fit LINE's postback data. */
export function encodeFollowUp(followUp: FollowUp): string | null {
  let fields: string[];
  switch (followUp.kind) {
    case "detail":
      fields = [followUp.all ? "D" : "d", followUp.edition, followUp.id];
      break;
    case "page":
      fields = ["p", followUp.edition, String(followUp.offset), ...encodeQuery(followUp.query)];
      break;
    case "ask":
      fields = ["q", escapeValue(followUp.question)];
      break;
    case "departments":
      fields = ["t"];
      break;
    case "changes":
      fields = ["c"];
      break;
  }
  const data = FOLLOW_UP_PREFIX + fields.join(FIELD);
  return data.length <= LINE_LIMITS.postbackDataLength ? data : null;
}

/** Splits "a,b" into unescaped items, each checked; null when any is bad or there are too many. */
function items(field: string, max: number, valid: (item: string) => boolean): string[] | null {
  if (field === "") return [];
  const parts = field.split(ITEM);
  if (parts.length > max) return null;
  const out: string[] = [];
  for (const part of parts) {
    const item = unescapeValue(part);
    if (item === null || item.trim() === "" || !valid(item)) return null;
    out.push(item);
  }
  return out;
}

function decodeYears(field: string): number[] | null {
  const ranges = items(field, QUERY_LIMITS.yearRuns, (r) => YEAR_RANGE.test(r));
  if (!ranges) return null;
  const years: number[] = [];
  for (const range of ranges) {
    const match = YEAR_RANGE.exec(range);
    if (!match) return null;
    const first = Number(match[1]);
    const last = Number(match[2] ?? match[1]);
    if (first < FIRST_YEAR || last > LAST_YEAR || last < first) return null;
    if (years.length + (last - first + 1) > QUERY_LIMITS.fiscalYears) return null;
    if (years.length > 0 && first <= (years[years.length - 1] as number)) return null;
    for (let year = first; year <= last; year++) years.push(year);
  }
  return years;
}

function decodeQuery(fields: string[]): ListQuery | null {
  const [statusField, departmentField, yearField, wordField, within, ...rest] = fields;
  if (wordField === undefined || rest.length > 0) return null;
  if (within !== undefined && !SCOPE_ID.test(within)) return null;
  if (departmentField === undefined || statusField === undefined || yearField === undefined) return null;
  if (!/^[amn]{0,3}$/.test(statusField)) return null;
  const statuses = [...new Set([...statusField].map((code) => STATUS_OF.get(code)))];
  if (statuses.length !== statusField.length) return null;
  const departments = items(
    departmentField,
    QUERY_LIMITS.departments,
    (d) => d.length <= QUERY_LIMITS.departmentLength,
  );
  const fiscalYears = decodeYears(yearField);
  const words = items(wordField, QUERY_LIMITS.words, (w) => w.length <= QUERY_LIMITS.wordLength);
  if (!departments || !fiscalYears || !words) return null;
  const filter: QueryFilter = {};
  if (statuses.length > 0) filter.statuses = statuses as StatusWord[];
  if (departments.length > 0) filter.departments = departments;
  if (fiscalYears.length > 0) filter.fiscalYears = fiscalYears;
  return within === undefined ? { words, filter } : { words, filter, within };
}

/** The follow-up a postback carries; null for anything this bot did not encode. */
export function decodeFollowUp(data: unknown): FollowUp | null {
  if (typeof data !== "string" || data.length > LINE_LIMITS.postbackDataLength) return null;
  // Buttons sent before follow-ups named their edition ("a1|d|…", "a1|p|…") belong to an older
  // edition as far as anyone can tell: marked so, they get the stale reply rather than the help text.
  if (/^a1\|[dp]\|/.test(data))
    return { kind: "page", edition: LEGACY_EDITION, query: { words: [], filter: {} }, offset: 0 };
  if (!data.startsWith(FOLLOW_UP_PREFIX)) return null;
  const [kind, ...fields] = data.slice(FOLLOW_UP_PREFIX.length).split(FIELD);
  switch (kind) {
    case "d":
    case "D": {
      const [edition, id, ...rest] = fields;
      if (!edition || !id || rest.length > 0 || !EDITION.test(edition) || !PROJECT_ID.test(id)) return null;
      return { kind: "detail", edition, id, all: kind === "D" };
    }
    case "p": {
      const [edition, offset, ...rest] = fields;
      if (!edition || !offset || !EDITION.test(edition) || !OFFSET.test(offset)) return null;
      const query = decodeQuery(rest);
      return query ? { kind: "page", edition, offset: Number(offset), query } : null;
    }
    case "q": {
      const [escaped, ...rest] = fields;
      const question = escaped === undefined || rest.length > 0 ? null : unescapeValue(escaped);
      if (!question || question.trim() === "" || question.length > MAX_QUESTION) return null;
      return { kind: "ask", question };
    }
    case "t":
      return fields.length === 0 ? { kind: "departments" } : null;
    case "c":
      return fields.length === 0 ? { kind: "changes" } : null;
    default:
      return null;
  }
}
