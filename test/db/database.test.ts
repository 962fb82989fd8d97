import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseError, type EngineMigration, MIGRATIONS, openDatabase, sql } from "../../src/db/index.js";
import { createAuditLog, createDatabaseStore, createStaffAccounts } from "../../src/record/index.js";
import { questionRecord } from "../record/support.js";
import { ENGINES } from "../support/databases.js";
import { writeLegacyRecord } from "./legacy-record.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "db-"));
  dirs.push(dir);
  return dir;
}

function memoryLogger() {
  const lines: { object: object; message: string }[] = [];
  const at = (object: object, message: string) => lines.push({ object, message });
  return { lines, info: at, warn: at };
}

async function migrationNames(db: Awaited<ReturnType<typeof openDatabase>>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(
    db.query,
  );
  return rows.map((row) => row.name);
}

const items: Record<string, EngineMigration> = {
  "0002-notes": async (db) => {
    await db.schema
      .createTable("notes")
      .addColumn("id", "integer", (c) => c.primaryKey())
      .addColumn("item", "integer", (c) => c.references("items.id"))
      .execute();
  },
  "0001-items": async (db) => {
    await db.schema
      .createTable("items")
      .addColumn("id", "integer", (c) => c.primaryKey())
      .execute();
  },
};

describe.each(ENGINES)("database on $name", (engine) => {
  it("applies every migration to an empty database, in name order, and logs each", async () => {
    const logger = memoryLogger();
    const db = await engine.open({ logger });
    expect(await migrationNames(db)).toEqual(Object.keys(MIGRATIONS).sort());
    expect(logger.lines.map((l) => (l.object as { migration?: string }).migration)).toEqual(
      Object.keys(MIGRATIONS).sort(),
    );
    await db.close();
  });

  it("0004 keeps every feedback row and lets feedback come before its question", async () => {
    const { "0004-feedback-before-question": feedbackBeforeQuestion, ...before } = MIGRATIONS;
    if (!feedbackBeforeQuestion) throw new Error("migration 0004-feedback-before-question is missing");
    const db = await engine.open({ migrations: before });
    const store = createDatabaseStore(db);
    const asked = questionRecord();
    const early = questionRecord();
    await store.write({
      questions: [asked],
      feedback: [{ questionId: asked.id, answeredAt: asked.askedAt, resolved: true }],
    });
    await feedbackBeforeQuestion(db.query as unknown as Kysely<unknown>, engine.name);
    await store.write({
      questions: [],
      feedback: [{ questionId: early.id, answeredAt: early.askedAt, resolved: false }],
    });
    await store.write({ questions: [early], feedback: [] });
    expect(await store.findQuestion(asked.id)).toMatchObject({ feedback: true });
    expect(await store.findQuestion(early.id)).toMatchObject({ feedback: false });
    await store.close();
  });

  it("stops at a failed migration and names it", async () => {
    const broken: Record<string, EngineMigration> = {
      ...items,
      "0003-broken": async (db) => {
        await db.schema.createTable("y").addColumn("a", "integer").execute();
        await sql`SELECT * FROM nowhere`.execute(db);
      },
    };
    const error = await engine.open({ migrations: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe("DATABASE_MIGRATION");
    expect((error as Error).message).toContain("0003-broken");
  });
});

describe("database on a SQLite file", () => {
  it("is in WAL mode, and a migration added later applies once, whatever its name's place", async () => {
    const dataDir = await tempDir();
    const first = await openDatabase({ dataDir }, { migrations: items, writeIn: "caller" });
    const { rows } = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(first.query);
    expect(rows[0]?.journal_mode).toBe("wal");
    await first.close();
    const later: Record<string, EngineMigration> = {
      ...items,
      "0001-b-between": async (db) => {
        await db.schema.createTable("between").addColumn("a", "integer").execute();
      },
    };
    const logger = memoryLogger();
    const again = await openDatabase({ dataDir }, { migrations: later, logger, writeIn: "caller" });
    expect(await migrationNames(again)).toEqual(["0001-b-between", "0001-items", "0002-notes"]);
    expect(logger.lines.map((l) => (l.object as { migration?: string }).migration)).toEqual([
      "0001-b-between",
    ]);
    await again.close();
  });

  it("upgrades a record.sqlite of the earlier migration list in place, every row kept", async () => {
    const dataDir = await tempDir();
    writeLegacyRecord(dataDir);
    const logger = memoryLogger();
    const db = await openDatabase({ dataDir }, { logger, writeIn: "caller" });
    expect(logger.lines.some((l) => l.message.includes("upgraded from the earlier migration list"))).toBe(
      true,
    );
    expect(await migrationNames(db)).toEqual(Object.keys(MIGRATIONS).sort());
    const legacyTable = await sql`SELECT name FROM sqlite_master WHERE name = 'schema_migrations'`.execute(
      db.query,
    );
    expect(legacyTable.rows).toEqual([]);

    const store = createDatabaseStore(db);
    expect(await store.findQuestion("legacy0000000001")).toMatchObject({
      projectIds: ["2-1-2-1"],
      feedback: true,
    });
    expect((await createStaffAccounts(db).list()).map((a) => a.name)).toEqual(["sato"]);
    const audit = createAuditLog(db);
    expect((await audit.recent()).map((e) => e.action)).toEqual(["publish"]);
    // New rows go in beside the old ones.
    await store.write({ questions: [questionRecord({ id: "new0000000000001" })], feedback: [] });
    await audit.append({ actor: "sato", action: "rollback", target: "plan.txt" });
    const report = await store.report({ since: null, until: null });
    expect(report.totals).toMatchObject({ questions: 2, feedback: { yes: 1, no: 0 } });
    await db.close();

    // Opened again: nothing more to do.
    const quiet = memoryLogger();
    const reopened = await openDatabase({ dataDir }, { logger: quiet, writeIn: "caller" });
    expect(quiet.lines).toEqual([]);
    await reopened.close();
  });
});
