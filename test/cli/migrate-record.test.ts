import { afterAll, afterEach, describe, expect, it } from "vitest";
import { run as migrateRecord } from "../../src/cli/migrate-record.js";
import { openDatabase } from "../../src/db/index.js";
import { createAuditLog, createDatabaseStore, createStaffAccounts } from "../../src/record/index.js";
import { writeLegacyRecord } from "../db/legacy-record.js";
import { questionRecord, removeAll, tempDataDir } from "../record/support.js";
import { captureIo } from "../support/cli-io.js";
import {
  createTestDatabase,
  POSTGRES_SKIP_MESSAGE,
  TEST_DATABASE_URL,
  type TestDatabase,
} from "../support/services.js";

const dirs: string[] = [];
afterEach(() => removeAll(dirs));

async function migrate(argv: string[], dataDir: string) {
  const captured = captureIo(dataDir, { DATA_DIR: dataDir });
  const code = await migrateRecord(argv, captured.io);
  return { code, out: captured.out(), err: captured.err() };
}

describe("migrate-record", () => {
  it("needs a postgres:// URL", async () => {
    const dataDir = await tempDataDir(dirs);
    expect((await migrate([], dataDir)).code).toBe(2);
    expect((await migrate(["--to", "mysql://x"], dataDir)).err).toContain("postgres:// URL");
  });

  it("says so when there is no SQLite record to copy", async () => {
    const dataDir = await tempDataDir(dirs);
    const result = await migrate(["--to", "postgres://127.0.0.1:1/none"], dataDir);
    expect(result.code).toBe(1);
    expect(result.err).toContain("no conversation record");
  });
});

describe.skipIf(!TEST_DATABASE_URL)(`migrate-record into PostgreSQL (${POSTGRES_SKIP_MESSAGE})`, () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it("copies an existing SQLite record (of the earlier format too) whole; run again, adds nothing", async () => {
    const dataDir = await tempDataDir(dirs);
    writeLegacyRecord(dataDir);
    const sqlite = await openDatabase({ dataDir }, { writeIn: "caller" });
    // More than one chunk of questions, some with feedback; a second account and log entries.
    const questions = Array.from({ length: 1203 }, (_, i) =>
      questionRecord({ id: `m${String(i).padStart(15, "0")}`, userHash: `u${i % 7}`, matchStrength: 0.5 }),
    );
    await createDatabaseStore(sqlite).write({
      questions,
      feedback: questions
        .slice(0, 40)
        .map((q, i) => ({ questionId: q.id, answeredAt: q.askedAt, resolved: i % 2 === 0 })),
    });
    await createStaffAccounts(sqlite).add("tanaka", "viewer", "long enough pw");
    const audit = createAuditLog(sqlite);
    for (let i = 0; i < 3; i++) await audit.append({ actor: "sato", action: "publish", target: `p${i}.txt` });
    const expected = await createDatabaseStore(sqlite).report({ since: null, until: null });
    await sqlite.close();

    const target = await createTestDatabase(TEST_DATABASE_URL ?? "");
    databases.push(target);
    const first = await migrate(["--to", target.url], dataDir);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toContain("questions: 1204 row(s) read, 1204 added");
    expect(first.out).toContain("feedback: 41 row(s) read, 41 added");
    expect(first.out).toContain("staff_accounts: 2 row(s) read, 2 added");
    expect(first.out).toContain("audit_log: 4 row(s) read, 4 added");
    expect(first.out).not.toContain(target.url);

    const postgres = await openDatabase({ url: target.url });
    const store = createDatabaseStore(postgres);
    expect(await store.report({ since: null, until: null })).toEqual(expected);
    expect(await store.findQuestion("legacy0000000001")).toMatchObject({ feedback: true });
    const accounts = createStaffAccounts(postgres);
    expect(await accounts.verify("tanaka", "long enough pw")).toMatchObject({ role: "viewer" });
    // The log goes on after the copied entries.
    const next = await createAuditLog(postgres).append({
      actor: "sato",
      action: "rollback",
      target: "p0.txt",
    });
    expect(next.id).toBe(5);
    await postgres.close();

    const again = await migrate(["--to", target.url], dataDir);
    expect(again.code).toBe(0);
    expect(again.out).toContain("questions: 1204 row(s) read, 0 added");
  });
});
