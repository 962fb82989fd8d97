export {
  applyMigrations,
  openRecordDatabase,
  RECORD_DATABASE_FILE,
  type RecordDatabase,
  RecordDatabaseError,
} from "./database.js";
export { MIGRATIONS, type Migration } from "./migrations.js";
