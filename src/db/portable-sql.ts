// The few SQL expressions whose spelling differs between SQLite and PostgreSQL, so the queries that use
// them stay one set. Times are ISO-8601 UTC text; days and hours are read in Japan time.
import { type RawBuilder, sql } from "kysely";
import type { Engine } from "./migrations.js";

export interface PortableSql {
  /** A FROM item: the elements of a JSON array of strings held in a text column, as `alias.value`. */
  jsonTextElements(column: string, alias: string): RawBuilder<unknown>;
  /** `YYYY-MM-DD` of an ISO time, in Japan time. */
  japanDay(column: string): RawBuilder<string>;
  /** The hour (0–23) of an ISO time, in Japan time. */
  japanHour(column: string): RawBuilder<number>;
}

export function portableSql(engine: Engine): PortableSql {
  if (engine === "postgres") {
    const japan = (column: string) => sql`(${sql.ref(column)}::timestamptz AT TIME ZONE 'Asia/Tokyo')`;
    return {
      jsonTextElements: (column, alias) =>
        sql`json_array_elements_text(${sql.ref(column)}::json) AS ${sql.raw(alias)}(value)`,
      japanDay: (column) => sql<string>`to_char(${japan(column)}, 'YYYY-MM-DD')`,
      japanHour: (column) => sql<number>`CAST(to_char(${japan(column)}, 'HH24') AS INTEGER)`,
    };
  }
  return {
    jsonTextElements: (column, alias) => sql`json_each(${sql.ref(column)}) AS ${sql.raw(alias)}`,
    japanDay: (column) => sql<string>`strftime('%Y-%m-%d', ${sql.ref(column)}, '+9 hours')`,
    japanHour: (column) => sql<number>`CAST(strftime('%H', ${sql.ref(column)}, '+9 hours') AS INTEGER)`,
  };
}
