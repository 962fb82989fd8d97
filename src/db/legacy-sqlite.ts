// Record files made before the database moved to Kysely kept their applied migrations in
// `schema_migrations`. Their ids are the names of the same migrations now, so adopting them is copying
// the list into Kysely's table, once, in one transaction; the rows in the tables stay as they are.
import { type Kysely, sql } from "kysely";

const LEGACY_TABLE = "schema_migrations";

/** Returns the adopted migration names (none when the file has no legacy list). */
export async function adoptLegacyMigrations(db: Kysely<unknown>, migrationTable: string): Promise<string[]> {
  const legacy = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND name = ${LEGACY_TABLE}`.execute(db);
  if (legacy.rows.length === 0) return [];
  return await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable(migrationTable)
      .ifNotExists()
      .addColumn("name", "varchar(255)", (c) => c.notNull().primaryKey())
      .addColumn("timestamp", "varchar(255)", (c) => c.notNull())
      .execute();
    const applied = await sql<{ id: string; applied_at: string }>`
      SELECT id, applied_at FROM ${sql.table(LEGACY_TABLE)} ORDER BY id`.execute(trx);
    for (const row of applied.rows) {
      await sql`INSERT INTO ${sql.table(migrationTable)} (name, timestamp) VALUES (${row.id}, ${row.applied_at})
        ON CONFLICT (name) DO NOTHING`.execute(trx);
    }
    await sql`DROP TABLE ${sql.table(LEGACY_TABLE)}`.execute(trx);
    return applied.rows.map((row) => row.id);
  });
}
