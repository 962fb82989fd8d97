// The engines a database suite runs on: SQLite always, PostgreSQL when the run has one
// (TEST_DATABASE_URL). Each `open()` is a fresh, empty database, dropped again when it is closed.
import { type Database, type DatabaseOptions, openDatabase } from "../../src/db/index.js";
import { createTestDatabase, TEST_DATABASE_URL } from "./services.js";

export interface EngineUnderTest {
  name: "sqlite" | "postgres";
  open(options?: DatabaseOptions): Promise<Database>;
}

const sqlite: EngineUnderTest = { name: "sqlite", open: (options) => openDatabase(":memory:", options) };

function postgres(serverUrl: string): EngineUnderTest {
  return {
    name: "postgres",
    async open(options) {
      const test = await createTestDatabase(serverUrl);
      const database = await openDatabase({ url: test.url }, options).catch(async (error: unknown) => {
        await test.drop();
        throw error;
      });
      return {
        ...database,
        async close() {
          await database.close();
          await test.drop();
        },
      };
    },
  };
}

/** SQLite, and PostgreSQL when TEST_DATABASE_URL is set (otherwise services.ts says it is skipped). */
export const ENGINES: readonly EngineUnderTest[] = TEST_DATABASE_URL
  ? [sqlite, postgres(TEST_DATABASE_URL)]
  : [sqlite];
