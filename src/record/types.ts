// What the conversation record holds. Never a raw LINE user id, reply token or message id.

export type ChatKind = "user" | "group" | "room" | "unknown";

/** One answered question, as written to the store (the text already masked). */
export interface QuestionRecord {
  /** Random; feedback postbacks carry it. */
  id: string;
  askedAt: Date;
  /** HMAC of the LINE user id (USER_HASH_SECRET); null when the event carried none. */
  userHash: string | null;
  chat: ChatKind;
  /** The question with personal data masked. */
  question: string;
  /** Grouping key for reports: the masked question without width, case, spaces or punctuation. */
  normalized: string;
  /** project, measure, multi, list, count, overview, no-match, canned… */
  answerKind: string;
  /** The project(s) the answer is about. */
  projectIds: string[];
  /** Every project the reply showed (about, candidates, list items). */
  shownIds: string[];
  /** Share of the question's words found in the answer, 0..1; null when the answer is no search. */
  matchStrength: number | null;
  /** Words of the question that matched nothing (what staff turn into synonyms). */
  unmatchedWords: string[];
  edition: string | null;
  latencyMs: number;
  /** Whether LINE accepted the reply; a refused or timed-out reply reached nobody. */
  replyDelivered: boolean;
  /** 「解決しましたか？」 was shown: offered with a reply that was delivered. */
  feedbackOffered: boolean;
  /** The message read as a follow-up of the chat's previous answer (「担当は？」). */
  followUp: boolean;
}

/** 「解決しましたか？」 answered: はい (resolved) or いいえ. */
export interface FeedbackRecord {
  questionId: string;
  answeredAt: Date;
  resolved: boolean;
}

/** What a feedback postback is checked against. */
export interface AskedQuestion {
  id: string;
  askedAt: Date;
  userHash: string | null;
  projectIds: string[];
  shownIds: string[];
  feedbackOffered: boolean;
  /** The answer already given, or null. */
  feedback: boolean | null;
}

export interface RecordBatch {
  questions: QuestionRecord[];
  feedback: FeedbackRecord[];
}

/** A report's period: `since` inclusive, `until` exclusive; null means open. */
export interface ReportPeriod {
  since: Date | null;
  until: Date | null;
}

export interface ReportOptions extends ReportPeriod {
  /** Longest list in each section. Default 100. */
  limit?: number;
}

export interface ConversationReport {
  period: { since: string | null; until: string | null; timeZone: string };
  totals: {
    questions: number;
    unanswered: number;
    weak: number;
    users: number;
    /** Replies LINE accepted, and replies refused or timed out (records from before 2026-12 count in neither). */
    replies: { delivered: number; failed: number };
    feedback: { yes: number; no: number };
    /** Messages read as follow-ups, and those among them answered with no match (no topic remembered). */
    followUps: { count: number; unanswered: number };
  };
  /** No-match questions grouped by normalized form, most frequent first. */
  unanswered: {
    question: string;
    count: number;
    users: number;
    unmatchedWords: string[];
    lastAskedAt: string;
  }[];
  /** Answers found with less than WEAK_MATCH of the question's words, most frequent first. */
  weakMatches: {
    question: string;
    count: number;
    projectId: string | null;
    matchStrength: number;
    unmatchedWords: string[];
  }[];
  /** Worst yes-rate first. */
  feedbackByProject: { projectId: string; yes: number; no: number; yesRate: number }[];
  topProjects: { projectId: string; count: number }[];
  byDay: { day: string; questions: number; users: number }[];
  byHour: { hour: number; questions: number }[];
  byKind: { kind: string; count: number }[];
}

/** Where records live: the database (SQLite, or PostgreSQL shared by several bot processes). */
export interface ConversationStore {
  /** Writes one batch atomically. */
  write(batch: RecordBatch): Promise<void>;
  findQuestion(id: string): Promise<AskedQuestion | null>;
  /** Deletes records asked before `cutoff`, with their feedback. Returns how many questions. */
  deleteOlderThan(cutoff: Date): Promise<number>;
  /** Deletes every record of one user (by hash), with their feedback. Returns how many questions. */
  deleteUser(userHash: string): Promise<number>;
  /** Deletes feedback answered before `before` whose question never arrived. Returns how many. */
  expireUnmatchedFeedback(before: Date): Promise<number>;
  report(options: ReportOptions): Promise<ConversationReport>;
  close(): Promise<void>;
}

/** The part of a pino logger the record uses. */
export interface RecordLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}
