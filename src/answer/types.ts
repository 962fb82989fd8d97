import type { Intent, QueryFilter, QuestionAnalysis } from "../nlp/index.js";
import type { ProgressStatus } from "../plan/index.js";

/** One 実施したこと line, ready to show. */
export interface ActionLine {
  text: string;
  /** As written: "平成27～29年度", "通年"; null when the list gives no year. */
  yearsLabel: string | null;
  /** Western fiscal years: "2015～2017年度", "2013、2014、2016年度"; null when none. */
  westernYears: string | null;
  /** Western fiscal years, ascending; empty for 通年 or no year. */
  fiscalYears: number[];
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
  /** How many of `actions`, from the start, matched the question itself (0: shown for completeness). */
  matchedActions: number;
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
  /** Actions a list is about (a year list: that year's actions); usually empty. */
  actions: ActionLine[];
}

export interface StatusCounts {
  total: number;
  実施あり: number;
  未実施: number;
  記載なし: number;
}

/**
 * A follow-up the citizen can ask for by tapping (LINE renders it as a postback): one project in
 * full, or the projects a question selects, as a list from `offset`.
 */
export type FollowUp = { kind: "detail"; id: string } | { kind: "page"; question: string; offset: number };

/** How well the question's words matched: kept by the conversation record, never shown. */
export interface AnswerMatch {
  /** Share of the question's word weight the answer's project carries, 0..1 (0 for no match). */
  strength: number;
  /** The question's words the answer's project lacks (no match: words no project carries). */
  unmatched: string[];
}

/** What every answer may say besides its facts. */
export interface AnswerNotes {
  /** Characters of the question past MAX_QUESTION_LENGTH that were not read (absent when none). */
  ignoredCharacters?: number;
}

export type Answer = AnswerNotes & AnswerBody;

/** An answer's facts, by kind. */
export type AnswerBody =
  | {
      kind: "project";
      intent: Intent;
      match?: AnswerMatch;
      /** The plan's edition line, e.g. 平成30年7月. */
      edition: string | null;
      best: ProjectCard;
      candidates: ProjectSummary[];
    }
  | {
      kind: "list";
      edition: string | null;
      heading: string;
      items: ProjectSummary[];
      total: number;
      offset: number;
      next: FollowUp | null;
    }
  | {
      kind: "count";
      edition: string | null;
      /** The sentence with the number in digits: 未実施の事業は22件です */
      heading: string;
      count: number;
      status: ProgressStatus | null;
      counts: StatusCounts;
      /** Lists what was counted. */
      list: FollowUp | null;
    }
  | {
      kind: "overview";
      edition: string | null;
      counts: StatusCounts;
      pillars: { no: number; title: string; counts: StatusCounts }[];
    }
  | {
      /** A 施策 or a section as a whole: every project with its label, and the count per label. */
      kind: "level";
      edition: string | null;
      level: "施策" | "分野";
      title: string;
      /** The section of a measure, the 基本方針 of a section. */
      parentTitle: string;
      items: ProjectSummary[];
      counts: StatusCounts;
    }
  | {
      /** Two or three projects asked about at once, each in full enough to answer on its own. */
      kind: "several";
      intent: Intent;
      edition: string | null;
      items: ProjectCard[];
    }
  | {
      /** An English question: the Japanese answer's facts, framed in English. */
      kind: "english";
      answer: Answer;
    }
  | {
      kind: "no-match";
      edition: string | null;
      examples: string[];
      contact: string;
      match?: AnswerMatch;
    }
  | {
      kind: "greeting" | "thanks" | "help" | "intro" | "non-text";
      edition: string | null;
      examples: string[];
      contact: string;
    };

/** Why an answer was chosen, for staff: the analysis and the search's candidates with their scores. */
export interface Explanation {
  answer: Answer;
  /** An English question as the analysis read it, in Japanese; null for a Japanese one. */
  translated: string | null;
  analysis: QuestionAnalysis;
  /** The filter searched with: the analysis's, plus the fiscal years its year mentions name. */
  filter: QueryFilter;
  candidates: {
    id: string;
    title: string;
    status: ProgressStatus;
    score: number;
    /** Share of the question's words found in the project; below the threshold it cannot be the answer. */
    coverage: number;
    covered: boolean;
  }[];
}

export interface Answerer {
  answer(question: string): Promise<Answer>;
  followUp(request: FollowUp): Promise<Answer>;
  /** Replies that need no question: 友だち追加 (follow), group join, stickers and images. */
  canned(kind: "greeting" | "intro" | "non-text" | "help"): Answer;
}

/** An Answerer that can also show staff why (the console's ボットを試す). */
export interface ExplainingAnswerer extends Answerer {
  /** The answer with its analysis and candidates, bypassing the cache. */
  explain(question: string): Promise<Explanation>;
}
