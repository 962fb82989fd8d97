/** The three status labels of the answer contract, written exactly like this. */
export type ProgressStatus = "実施あり" | "未実施" | "記載なし";

export const PROGRESS_STATUSES: readonly ProgressStatus[] = ["実施あり", "未実施", "記載なし"];

/** A page reference such as (P41～42), kept as written and as numbers. */
export interface PageRange {
  label: string;
  first: number;
  last: number;
}

/** 実施したこと: one item of the actions column. */
export interface Action {
  /** The action as written, without the trailing year group and 【担当課】. */
  text: string;
  /** Departments in the trailing 【】; the project's 担当課 when the item names none. */
  departments: string[];
  departmentsInherited: boolean;
  /** Western fiscal years, ascending (平成27～29年度 → 2015, 2016, 2017). Empty for 通年 or no year. */
  fiscalYears: number[];
  /** (通年): year-round. */
  yearRound: boolean;
  /** The year group as written, without parentheses: "平成27～29年度", "通年". Null when absent. */
  yearsLabel: string | null;
  line: number;
}

/** 具体的な事業. */
export interface Project {
  /** pillar-section-measure-project, e.g. "2-1-2-1". Never derived from the title. */
  id: string;
  /** ① → 1 */
  no: number;
  title: string;
  status: ProgressStatus;
  /** 担当課 */
  departments: string[];
  /** True when the 担当課 cell was empty (merged in the source) and copied from the row above. */
  departmentsInherited: boolean;
  actions: Action[];
  /**
   * For 記載なし: the project of the same measure whose merged 実施したこと cell most likely covers
   * this row. Null otherwise.
   */
  siblingId: string | null;
  line: number;
}

/** 施策 */
export interface Measure {
  id: string;
  no: number;
  title: string;
  pages: PageRange | null;
  description: string | null;
  line: number;
  projects: Project[];
}

/** The (n) heading that groups 施策 under a 基本方針. */
export interface Section {
  id: string;
  no: number;
  title: string;
  pages: PageRange | null;
  line: number;
  measures: Measure[];
}

/** 基本方針, e.g. 1.「市民参加」～多様な市民とともにつくる～ */
export interface Pillar {
  id: string;
  no: number;
  title: string;
  subtitle: string | null;
  line: number;
  sections: Section[];
}

export interface Plan {
  /** e.g. 市民参加・協働のまちづくりプラン 進捗一覧 */
  title: string | null;
  /** The edition date line as written, e.g. 平成30年7月 */
  edition: string | null;
  /** Who published the edition, e.g. 市民活動支援課 */
  publisher: string | null;
  pillars: Pillar[];
}

/** A project with its place in the hierarchy. */
export interface ProjectInContext {
  project: Project;
  pillar: Pillar;
  section: Section;
  measure: Measure;
}

export type IssueSeverity = "error" | "warning";

export interface ParseIssue {
  line: number;
  severity: IssueSeverity;
  code: string;
  message: string;
}

/** A structural line that carries no data of its own (a column header row, a blank cell row). */
export interface SkippedLine {
  line: number;
  reason: string;
}

export interface SourceInfo {
  encoding: "utf-8" | "utf-8-bom" | "cp932" | "utf-16le" | "utf-16be";
  lineEnding: "lf" | "crlf" | "cr" | "mixed" | "none";
  lines: number;
}

export type ParseResult =
  | { ok: true; plan: Plan; warnings: ParseIssue[]; skipped: SkippedLine[]; source: SourceInfo }
  | { ok: false; issues: ParseIssue[]; source: SourceInfo | null };
