import type { Intent } from "../nlp/index.js";
import type { ProgressStatus } from "../plan/index.js";

/** One 実施したこと line, ready to show. */
export interface ActionLine {
  text: string;
  /** As written: "平成27～29年度", "通年"; null when the list gives no year. */
  yearsLabel: string | null;
  /** Western fiscal years: "2015～2017年度", "2013、2014、2016年度"; null when none. */
  westernYears: string | null;
  departments: string[];
}

/** A project as an answer shows it. */
export interface ProjectCard {
  id: string;
  /** 具体的な事業 */
  title: string;
  /** 施策 */
  measureTitle: string;
  sectionTitle: string;
  pillarTitle: string;
  status: ProgressStatus;
  /** 担当課 */
  departments: string[];
  /** The actions relevant to the question, or all of them when there are few. */
  actions: ActionLine[];
  totalActions: number;
  /** For 記載なし: the row whose merged cell most likely covers this one. */
  sibling: { id: string; title: string; actions: ActionLine[] } | null;
}

/** A one-line mention of a project in lists and candidate carousels. */
export interface ProjectSummary {
  id: string;
  title: string;
  measureTitle: string;
  status: ProgressStatus;
  departments: string[];
  /** Compact years, e.g. "平成25～29年度（2013～2017年度）"; null when none. */
  years: string | null;
}

export interface StatusCounts {
  total: number;
  実施あり: number;
  未実施: number;
  記載なし: number;
}

/** A follow-up the citizen can ask for by tapping (LINE renders it as a postback). */
export type FollowUp = { kind: "detail"; id: string } | { kind: "page"; question: string; offset: number };

export type Answer =
  | { kind: "project"; intent: Intent; best: ProjectCard; candidates: ProjectSummary[] }
  | {
      kind: "list";
      heading: string;
      items: ProjectSummary[];
      total: number;
      offset: number;
      next: FollowUp | null;
    }
  | { kind: "count"; heading: string; count: number; status: ProgressStatus | null; counts: StatusCounts }
  | {
      kind: "overview";
      edition: string | null;
      counts: StatusCounts;
      pillars: { no: number; title: string; counts: StatusCounts }[];
    }
  | { kind: "no-match"; examples: string[]; contact: string }
  | { kind: "greeting" | "thanks" | "help" | "intro" | "non-text"; examples: string[]; contact: string };

export interface Answerer {
  answer(question: string): Promise<Answer>;
  followUp(request: FollowUp): Promise<Answer>;
  /** Replies that need no question: 友だち追加 (follow), group join, stickers and images. */
  canned(kind: "greeting" | "intro" | "non-text" | "help"): Answer;
}
