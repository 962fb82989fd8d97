import { splitDepartments } from "./departments.js";
import type { IssueSeverity } from "./model.js";
import { matchKey } from "./text.js";
import { parseYearGroup } from "./years.js";

/** One item of the 実施したこと cell; departments null when the item names none (the caller inherits). */
export interface ActionItem {
  text: string;
  departments: string[] | null;
  fiscalYears: number[];
  yearRound: boolean;
  yearsLabel: string | null;
}

export type ActionsCell = { kind: "empty" } | { kind: "not-done" } | { kind: "actions"; items: ActionItem[] };

export interface CellProblem {
  severity: IssueSeverity;
  code: string;
  message: string;
}

const HTML_TAG = /<\/?[A-Za-z][^<>]*>/g;
const ENTITIES: Readonly<Record<string, string>> = {
  "&nbsp;": " ",
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};
const MERGED_HEADER = /^実施したこと\s*[(（]\s*実施年度\s*[)）]\s*/u;
/**
 * A bullet: ・ at the start of the cell or after whitespace. 団塊・シニア is not one. The whitespace
 * is matched from the start of its run only, so a long run of spaces is scanned once, not once per space.
 */
const BULLET = /(?:^|(?<!\s)\s+)[・･](?=\S)/u;
/** End of a bare item: its year group, then optionally 【担当課】, then whitespace or the end. */
const BARE_ITEM_END = /[(（][^()（）]*(?:年度|通年)\s*[)）]\s*(?:【[^【】]*】)?[。．.]*(?=\s|$)/gu;
const TRAILING_DEPARTMENT = /【([^【】]*)】[\s。．.]*$/u;
const TRAILING_GROUP = /[(（]([^()（）]*)[)）][\s。．.]*$/u;

function plainText(cell: string): string {
  return cell.replace(HTML_TAG, " ").replace(/&(?:nbsp|amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
}

function splitBare(text: string): string[] {
  const items: string[] = [];
  let start = 0;
  for (const m of text.matchAll(BARE_ITEM_END)) {
    const end = m.index + m[0].length;
    items.push(text.slice(start, end));
    start = end;
  }
  items.push(text.slice(start));
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

function splitItems(text: string): string[] {
  if (/^[・･]/u.test(text)) {
    return text
      .split(BULLET)
      .map((item) => item.trim())
      .filter((item) => item !== "");
  }
  return splitBare(text);
}

function parseItem(item: string, problems: CellProblem[]): ActionItem {
  let rest = item;
  let departments: string[] | null = null;
  const dept = TRAILING_DEPARTMENT.exec(rest);
  if (dept?.[1] !== undefined) {
    const names = splitDepartments(dept[1]);
    if (names.length > 0) departments = names;
    rest = rest.slice(0, dept.index);
  }
  const group = TRAILING_GROUP.exec(rest);
  const label = group?.[1]?.trim();
  if (group && label !== undefined && /(?:年度|通年)$/u.test(matchKey(label))) {
    const years = parseYearGroup(label);
    if (!years) {
      problems.push({
        severity: "error",
        code: "unreadable-year",
        message: `年度を読み取れません: (${label}) in 「${item}」`,
      });
    }
    return {
      text: rest.slice(0, group.index).trim(),
      departments,
      fiscalYears: years?.fiscalYears ?? [],
      yearRound: years?.yearRound ?? false,
      yearsLabel: label,
    };
  }
  problems.push({
    severity: "warning",
    code: "action-without-year",
    message: `実施年度の記載がありません: 「${item}」`,
  });
  return { text: rest.trim(), departments, fiscalYears: [], yearRound: false, yearsLabel: null };
}

/** Parses the 実施したこと cell: ・未実施, empty (記載なし), or a list of actions. */
export function parseActionsCell(cell: string): { cell: ActionsCell; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const text = plainText(cell).trim().replace(MERGED_HEADER, "").trim();
  if (text === "") return { cell: { kind: "empty" }, problems };
  if (/^[・･]?未実施$/u.test(matchKey(text))) return { cell: { kind: "not-done" }, problems };
  const items: ActionItem[] = [];
  for (const item of splitItems(text)) {
    if (matchKey(item) === "未実施") {
      problems.push({
        severity: "warning",
        code: "not-done-among-actions",
        message: "「未実施」が実施したことと混在しています; 実施したことのみ採用",
      });
      continue;
    }
    items.push(parseItem(item, problems));
  }
  return { cell: items.length > 0 ? { kind: "actions", items } : { kind: "not-done" }, problems };
}

export function hasMergedActionsHeader(cell: string): boolean {
  return MERGED_HEADER.test(plainText(cell).trim());
}
