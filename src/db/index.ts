export { sql } from "kysely";
export { backupSqliteDatabase } from "./backup.js";
export type { LockAttempt, Subscription } from "./coordination.js";
export { type CopiedTable, copyDatabase } from "./copy.js";
export {
  type Database,
  DatabaseError,
  type DatabaseLocation,
  type DatabaseLogger,
  type DatabaseOptions,
  databaseLocation,
  describePostgres,
  openDatabase,
  type Queries,
  type QueriesInTransaction,
  SQLITE_DATABASE_FILE,
} from "./database.js";
export { type Engine, type EngineMigration, MIGRATIONS } from "./migrations.js";
export { type PortableSql, portableSql } from "./portable-sql.js";
export type * from "./schema.js";
