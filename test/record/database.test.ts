import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  applyMigrations,
  MIGRATIONS,
  openRecordDatabase,
  RecordDatabaseError,
} from "../../src/record/index.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("record database", () => {
  const migrations = [
    {
      id: "0002-notes",
      sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, item INTEGER REFERENCES items(id))",
    },
    { id: "0001-items", sql: "CREATE TABLE items (id INTEGER PRIMARY KEY)" },
  ];

  it("creates the file in WAL mode and applies migrations in id order, once", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "record-"));
    dirs.push(dataDir);
    const db = openRecordDatabase({ dataDir }, migrations);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(applyMigrations(db, migrations)).toEqual([]);
    db.close();
    const again = openRecordDatabase({ dataDir }, [
      ...migrations,
      { id: "0003-x", sql: "CREATE TABLE x (a)" },
    ]);
    const ids = again.prepare("SELECT id FROM schema_migrations ORDER BY id").all();
    expect(ids).toEqual([{ id: "0001-items" }, { id: "0002-notes" }, { id: "0003-x" }]);
    again.close();
  });

  it("rolls a failed migration back and names it", () => {
    const broken = [...migrations, { id: "0003-broken", sql: "CREATE TABLE y (a); SELECT * FROM nowhere" }];
    let error: unknown;
    try {
      openRecordDatabase(":memory:", broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecordDatabaseError);
    expect((error as RecordDatabaseError).code).toBe("RECORD_DATABASE_MIGRATION");
    expect((error as Error).message).toContain("0003-broken");
  });
});

describe("migrations are logged (issue #16, defect 7)", () => {
  it("opening a database names the migrations it applied, once", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "record-migrations-"));
    try {
      const lines: { object: object; message: string }[] = [];
      const log = { info: (object: object, message: string) => lines.push({ object, message }) };
      openRecordDatabase({ dataDir }, MIGRATIONS, log).close();
      expect(lines).toEqual([
        {
          object: { migrations: MIGRATIONS.map((m) => m.id).sort(), dataDir },
          message: "record database migrated",
        },
      ]);
      openRecordDatabase({ dataDir }, MIGRATIONS, log).close();
      expect(lines).toHaveLength(1);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
