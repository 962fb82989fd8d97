export { type AuditEntry, type AuditLog, createAuditLog } from "./audit-log.js";
export { createDatabaseStore } from "./database-store.js";
export { MASKS, maskPersonalData, normalizeQuestion } from "./masking.js";
export {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type PasswordProblem,
  passwordProblem,
} from "./password-policy.js";
export {
  type AnsweredQuestion,
  type ConversationRecorder,
  createRecorder,
  type RecorderOptions,
  type RecorderStats,
} from "./recorder.js";
export { buildReport, REPORT_TIME_ZONE, WEAK_MATCH } from "./report.js";
export { REPORT_SECTIONS, type ReportSection, reportTable, reportToCsv } from "./report-csv.js";
export { type Retention, type RetentionOptions, retentionCutoff, startRetention } from "./retention.js";
export {
  createSignInFailures,
  type FailureTrack,
  type SignInFailureStore,
} from "./sign-in-failures.js";
export {
  ACCOUNT_PROBLEMS,
  type AccountProblem,
  type AccountResult,
  createStaffAccounts,
  isStaffRole,
  normalizeStaffName,
  STAFF_ROLES,
  type StaffAccount,
  type StaffAccounts,
  type StaffRole,
} from "./staff-accounts.js";
export { createStaffSessions, type StaffSession, type StaffSessionStore } from "./staff-sessions.js";
export type * from "./types.js";
export {
  createUserHasher,
  resolveUserHashKey,
  USER_HASH_KEY_FILE,
  type UserHasher,
  type UserHashKey,
} from "./user-hash.js";
