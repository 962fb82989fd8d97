export { type AuditEntry, type AuditLog, createAuditLog } from "./audit-log.js";
export { backupRecordDatabase } from "./backup.js";
export {
  applyMigrations,
  openRecordDatabase,
  RECORD_DATABASE_FILE,
  type RecordDatabase,
  RecordDatabaseError,
} from "./database.js";
export { MASKS, maskPersonalData, normalizeQuestion } from "./masking.js";
export { MIGRATIONS, type Migration } from "./migrations.js";
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
export { createSqliteStore, type SqliteStoreOptions } from "./sqlite-store.js";
export {
  type AccountProblem,
  type AccountResult,
  createStaffAccounts,
  isStaffRole,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  STAFF_ROLES,
  type StaffAccount,
  type StaffAccounts,
  type StaffRole,
} from "./staff-accounts.js";
export type * from "./types.js";
export {
  createUserHasher,
  resolveUserHashKey,
  USER_HASH_KEY_FILE,
  type UserHasher,
  type UserHashKey,
} from "./user-hash.js";
