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
  /** The title's distinctive words, ≤ 20 characters, for labels and buttons. */
  shortName: string;
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
  /** Every action of the project, when the card shows only some of them. */
  more: FollowUp | null;
  /** The project on its own, as a project answer. */
  detail: FollowUp;
}

/** A one-line mention of a project in lists and candidate carousels. */
export interface ProjectSummary {
  id: string;
  title: string;
  /** The title's distinctive words, ≤ 20 characters, for labels and buttons. */
  shortName: string;
  measureTitle: string;
  status: ProgressStatus;
  departments: string[];
  /** Compact years, e.g. "平成25～29年度（2013～2017年度）"; null when none. */
  years: string | null;
  /** Actions a list is about (a year list: that year's actions); usually empty. */
  actions: ActionLine[];
  /** The project in full. */
  detail: FollowUp;
}

export interface StatusCounts {
  total: number;
  実施あり: number;
  未実施: number;
  記載なし: number;
}

/**
 * What a list shows, as analysed from the question: its content words (re-expanded with the
 * edition's vocabulary) and its filters. Bounded, so that a follow-up can carry it.
 */
export interface ListQuery {
  words: string[];
  filter: QueryFilter;
  /** The part of the plan the list keeps to: a 基本方針, section or 施策 id ("3", "2-4", "1-1-1"). */
  within?: string;
}

/**
 * A follow-up the citizen can ask for by tapping (LINE renders it as a postback). `edition` marks
 * the edition it was made from: ids and lists belong to one edition.
 */
export type FollowUp =
  /** One project; `all`: every action, not just the first few. */
  | { kind: "detail"; edition: string; id: string; all: boolean }
  /** The projects a query selects, as a list from `offset`. */
  | { kind: "page"; edition: string; query: ListQuery; offset: number }
  /** A question of the bot's own (examples, the rich menu), answered like a message. */
  | { kind: "ask"; question: string }
  /** The departments (担当課), each with its projects. */
  | { kind: "departments" }
  /** What the latest publish changed. */
  | { kind: "changes" };

/** One project the latest publish changed: its status, or new to the plan, or with new actions. */
export interface ProjectChange {
  /** The id in the edition served now. */
  id: string;
  /** The id in the edition before (differs when numbers shifted); null for a new project. */
  previousId: string | null;
  title: string;
  shortName: string;
  /** null: the project is new in this edition. */
  from: ProgressStatus | null;
  to: ProgressStatus;
  /** Actions the edition before did not list (every action, for a new project). */
  newActions: ActionLine[];
  detail: FollowUp;
}

/** A department with what its projects' statuses are, and the follow-up listing them. */
export interface DepartmentSummary {
  name: string;
  counts: StatusCounts;
  list: FollowUp;
}

/** How well the question's words matched: kept by the conversation record, never shown. */
export interface AnswerMatch {
  /** Share of the question's word weight the answer's project carries, 0..1 (0 for no match). */
  strength: number;
  /** The question's words the answer's project lacks (no match: words no project carries). */
  unmatched: string[];
}

/** What every answer may say besides its facts. */
export interface AnswerNotes {
  /**
   * Characters of the message's asking sentence that were not read: it is read from its end, up to
   * MAX_QUESTION_LENGTH (absent when none).
   */
  ignoredCharacters?: number;
  /**
   * A follow-up answered about the chat's previous answer: what that answer was about, shown so
   * that a wrong guess is easy to see (「（「景観写真展」の事業について）」). Absent for a question
   * answered on its own.
   */
  followUpOf?: { label: string };
}

/**
 * What an answer was about, small enough to keep per chat for a while: the projects it answered,
 * the list's query and page, the 施策 or section, the language. Ids and queries belong to `edition`.
 */
export interface AnswerTopic {
  /** The edition marker (editionMarker) the ids and the query belong to. */
  edition: string;
  /** How a reply names it: 「景観写真展」の事業, 総務課が担当する事業, 施策「市のPRの推進」. */
  label: string;
  /** The project(s) answered in full (a project, two or three asked together). */
  projectIds: string[];
  /** The measure (施策) of the first project, as `pillar-section-measure`. */
  measureId: string | null;
  /** A list or a count: what it selects, and the page shown. */
  query: ListQuery | null;
  offset: number;
  /** A 施策 or a section answered as a whole. */
  level: { kind: "施策" | "分野"; id: string } | null;
  language: "ja" | "en";
}

/** What a follow-up asks of the previous answer's topic. */
export type FollowUpOperation =
  /** 担当は？ */
  | "department"
  /** いつ？ */
  | "years"
  /** 今も続いてる？ */
  | "status"
  /** もっと詳しく */
  | "details"
  /** 同じ課のほかの事業は？ */
  | "same-department"
  /** 同じ施策のほかの事業は？ ほかには？ */
  | "same-measure"
  /** その中で未実施のは？ (the message's own status or year narrows the previous list) */
  | "narrow"
  /** どれ？ (after a count) */
  | "which"
  /** 英語で */
  | "english"
  /** 次の10件 */
  | "next-page";

/**
 * The chat's previous answer, passed with a message that reads as a follow-up. `cue` is the text of
 * the message that asks the operation (its words are no topic of the message's own).
 */
export interface PreviousTopic {
  topic: AnswerTopic;
  operation: FollowUpOperation;
  cue: string;
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
      /** What the list selects (its pages are this query from other offsets). */
      query: ListQuery;
      items: ProjectSummary[];
      total: number;
      offset: number;
      previous: FollowUp | null;
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
      /** The projects counted, named when there are few of them (empty otherwise). */
      items: ProjectSummary[];
    }
  | {
      kind: "overview";
      edition: string | null;
      counts: StatusCounts;
      pillars: { no: number; title: string; counts: StatusCounts }[];
    }
  | { kind: "departments"; edition: string | null; departments: DepartmentSummary[] }
  | {
      /** A 施策 or a section as a whole: every project with its label, and the count per label. */
      kind: "level";
      edition: string | null;
      level: "施策" | "分野";
      /** The measure's or section's id: `1-2-1`, `1-2`. */
      id: string;
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
      /** 「最近変わったことは？」: the latest publish against the edition before it. */
      kind: "changes";
      edition: string | null;
      /** The edition compared with (its edition line or file); null when there is none to compare with. */
      previousEdition: string | null;
      items: ProjectChange[];
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
      /** stale: a button from an edition no longer served. */
      kind: "greeting" | "thanks" | "help" | "intro" | "non-text" | "stale";
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
  /**
   * The answer to a message. With `previous`, a message without a topic of its own is answered
   * about the previous topic (and says so in `followUpOf`); one with a topic of its own is answered
   * alone, as without `previous`.
   */
  answer(question: string, previous?: PreviousTopic): Promise<Answer>;
  followUp(request: FollowUp): Promise<Answer>;
  /** A project of the edition served now, by id (no-match when it has none such): for the record's tools. */
  project(id: string): Answer;
  /** Replies that need no question: 友だち追加 (follow), group join, stickers and images. */
  canned(kind: "greeting" | "intro" | "non-text" | "help"): Answer;
}

/** An Answerer that can also show staff why (the console's ボットを試す). */
export interface ExplainingAnswerer extends Answerer {
  /** The answer with its analysis and candidates, bypassing the cache. */
  explain(question: string): Promise<Explanation>;
}
