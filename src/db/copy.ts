// Copies every row of one database into another with the same schema (a SQLite record into PostgreSQL),
// table by table in foreign-key order, in bounded chunks. Rows already there (same key) are kept as they
// are, so a copy that stopped half-way can simply be run again.
import { type Kysely, sql } from "kysely";
import type { Database } from "./database.js";
import type { DatabaseSchema } from "./schema.js";

type TableName = keyof DatabaseSchema & string;
type AnyTables = Record<string, Record<string, unknown>>;

/**
 * Each lasting table with its key, parents before children. Sessions and sign-in failures are
 * short-lived and stay behind; the edition registry is only ever in PostgreSQL.
 */
const TABLES: readonly { table: TableName; key: readonly string[]; serial?: boolean }[] = [
  { table: "questions", key: ["id"] },
  { table: "feedback", key: ["question_id"] },
  { table: "staff_accounts", key: ["name"] },
  { table: "audit_log", key: ["id"], serial: true },
  { table: "notify_subscribers", key: ["user_hash"] },
  { table: "notify_follows", key: ["user_hash", "project_id"] },
  { table: "notify_sends", key: ["edition", "user_hash"] },
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
    let after: Record<string, unknown> | null = null;
    for (;;) {
      let page = source.selectFrom(table).selectAll().limit(CHUNK);
      for (const column of key) page = page.orderBy(column);
      // Keyset pagination on the (possibly composite) key: each chunk starts after the last row read.
      const last = after;
      if (last) {
        page = page.where(
          sql<boolean>`(${sql.join(key.map((column) => sql.ref(column)))}) > (${sql.join(key.map((column) => last[column]))})`,
        );
      }
      const rows = await page.execute();
      if (rows.length === 0) break;
      const result = await target
        .insertInto(table)
        .values(rows)
        .onConflict((oc) => oc.columns([...key]).doNothing())
        .executeTakeFirst();
      read += rows.length;
      added += Number(result.numInsertedOrUpdatedRows ?? 0);
      after = rows[rows.length - 1] ?? null;
      if (rows.length < CHUNK) break;
    }
    // Rows copied with their ids: the target's counter continues after the largest.
    if (serial && to.engine === "postgres") {
      const [column = "id"] = key;
      await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}),
        coalesce((SELECT max(${sql.ref(column)}) FROM ${sql.table(table)}), 0) + 1, false)`.execute(to.query);
    }
    const copied = { table, read, added };
    onTable(copied);
    done.push(copied);
  }
  return done;
}
