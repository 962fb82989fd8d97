// The database's one schema, as TypeScript sees it: the same tables on SQLite and PostgreSQL.
// Times are ISO-8601 UTC text (`Date#toISOString()`), so they sort and compare alike on both engines.
import type { Generated } from "kysely";

/** One answered question. Never a raw LINE user id, reply token or message id. */
export interface QuestionsTable {
  id: string;
  asked_at: string;
  user_hash: string | null;
  chat: string;
  question: string;
  normalized: string;
  answer_kind: string;
  /** JSON array of project ids. */
  project_ids: string;
  /** JSON array of project ids. */
  shown_ids: string;
  match_strength: number | null;
  /** JSON array of words. */
  unmatched_words: string;
  edition: string | null;
  latency_ms: number;
  /** 0 or 1. */
  feedback_offered: number;
  /** 0 or 1: the message read as a follow-up of the chat's previous answer. */
  follow_up: number;
}

/** 「解決しましたか？」: at most one answer per question. */
export interface FeedbackTable {
  question_id: string;
  answered_at: string;
  /** 0 or 1. */
  resolved: number;
}

export interface StaffAccountsTable {
  name: string;
  role: "editor" | "viewer";
  password_hash: string;
  created_at: string;
  password_changed_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: string;
}

export interface DatabaseSchema {
  questions: QuestionsTable;
  feedback: FeedbackTable;
  staff_accounts: StaffAccountsTable;
  audit_log: AuditLogTable;
}
