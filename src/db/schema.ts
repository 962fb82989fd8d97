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
  /** 1: LINE accepted the reply; 0: refused or no answer in time; null: recorded before this was kept. */
  reply_delivered: number | null;
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
  /** The client's address (as TRUST_PROXY yields it); "" when not from a request. */
  address: Generated<string>;
}

/** A console session: the SHA-256 of the cookie's random id, never the id itself. Times in epoch ms. */
export interface StaffSessionsTable {
  id_hash: string;
  account: string;
  created_at: number;
  last_seen_at: number;
}

/** Failed sign-ins per key (an account's hash, an address, "global"), kept until `expires_at` (epoch ms). */
export interface SignInFailuresTable {
  key: string;
  failures: number;
  window_start: number;
  locked_until: number;
  expires_at: number;
}

/** A kept edition of the registry (shared by every replica): the snapshot file's text, checksum included. */
export interface EditionsTable {
  id: Generated<number>;
  kept_at: string;
  /** JSON of the edition's info (listed without reading the whole snapshot). */
  info: string;
  /** The snapshot as the file store writes it (format, checksum, plan, dictionaries, Sudachi layer). */
  snapshot: string;
}

/** One row per publish, rollback or republish. */
export interface EditionHistoryTable {
  id: Generated<number>;
  at: string;
  /** JSON of the history entry. */
  entry: string;
}

/** Which kept edition is live: one row, `name` = 'live'. */
export interface EditionLiveTable {
  name: string;
  edition_id: number;
  changed_at: string;
}

/** お知らせ: a citizen who follows something, with the raw id sending needs (never logged or shown). */
export interface NotifySubscribersTable {
  user_hash: string;
  user_id: string;
  created_at: string;
}

export interface NotifyFollowsTable {
  user_hash: string;
  project_id: string;
  /** The title when followed. */
  title: string;
  followed_at: string;
}

/** What each citizen was sent for an edition's news: planned (with its batch's retry key), then sent. */
export interface NotifySendsTable {
  edition: string;
  user_hash: string;
  /** The X-Line-Retry-Key of the batch's multicast. */
  batch_key: string;
  /** The batch's place in its planning run. */
  batch_index: number;
  news_key: string;
  state: "pending" | "sent";
  planned_at: string;
  sent_at: string | null;
}

export interface DatabaseSchema {
  questions: QuestionsTable;
  feedback: FeedbackTable;
  staff_accounts: StaffAccountsTable;
  audit_log: AuditLogTable;
  editions: EditionsTable;
  edition_history: EditionHistoryTable;
  edition_live: EditionLiveTable;
  staff_sessions: StaffSessionsTable;
  sign_in_failures: SignInFailuresTable;
  notify_subscribers: NotifySubscribersTable;
  notify_follows: NotifyFollowsTable;
  notify_sends: NotifySendsTable;
}
