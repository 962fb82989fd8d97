export { type AuditEntry, type AuditLog, createAuditLog } from "./audit-log.js";
export {
  applyMigrations,
  openRecordDatabase,
  RECORD_DATABASE_FILE,
  type RecordDatabase,
  RecordDatabaseError,
} from "./database.js";
export { MIGRATIONS, type Migration } from "./migrations.js";
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
