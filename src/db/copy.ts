// Copies every row of one database into another with the same schema (a SQLite record into PostgreSQL),
// table by table in foreign-key order, in bounded chunks. Rows already there (same key) are kept as they
// are, so a copy that stopped half-way can simply be run again.
import { type Kysely, sql } from "kysely";
import type { Database } from "./database.js";
import type { DatabaseSchema } from "./schema.js";

type TableName = keyof DatabaseSchema & string;
type AnyTables = Record<string, Record<string, unknown>>;

/** Each table with its key, parents before children. */
const TABLES: readonly { table: TableName; key: string; serial?: boolean }[] = [
  { table: "questions", key: "id" },
  { table: "feedback", key: "question_id" },
  { table: "staff_accounts", key: "name" },
  { table: "audit_log", key: "id", serial: true },
];

const CHUNK = 500;

export interface CopiedTable {
  table: string;
  /** Rows read from the source. */
  read: number;
  /** Rows the target did not have yet. */
  added: number;
}

export async function copyDatabase(
  from: Database,
  to: Database,
  onTable: (copied: CopiedTable) => void = () => {},
): Promise<CopiedTable[]> {
  // Untyped on purpose: the same loop walks every table.
  const source = from.query as unknown as Kysely<AnyTables>;
  const target = to.query as unknown as Kysely<AnyTables>;
  const done: CopiedTable[] = [];
  for (const { table, key, serial } of TABLES) {
    let read = 0;
    let added = 0;
    let after: unknown = null;
    for (;;) {
      let page = source.selectFrom(table).selectAll().orderBy(key).limit(CHUNK);
      if (after !== null) page = page.where(key, ">", after);
      const rows = await page.execute();
      if (rows.length === 0) break;
      const result = await target
        .insertInto(table)
        .values(rows)
        .onConflict((oc) => oc.column(key).doNothing())
        .executeTakeFirst();
      read += rows.length;
      added += Number(result.numInsertedOrUpdatedRows ?? 0);
      after = rows[rows.length - 1]?.[key] ?? null;
      if (rows.length < CHUNK) break;
    }
    // Rows copied with their ids: the target's counter continues after the largest.
    if (serial && to.engine === "postgres") {
      await sql`SELECT setval(pg_get_serial_sequence(${table}, ${key}),
        coalesce((SELECT max(${sql.ref(key)}) FROM ${sql.table(table)}), 0) + 1, false)`.execute(to.query);
    }
    const copied = { table, read, added };
    onTable(copied);
    done.push(copied);
  }
  return done;
}
