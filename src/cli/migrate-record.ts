// `migrate-record --to postgres://…`: copies DATA_DIR's SQLite record (questions, feedback, staff
// accounts, audit log) into PostgreSQL, whose schema it brings up to date first. Rows the target already
// has are kept, so running it again after an interruption finishes the copy. The URL is never printed.
import path from "node:path";
import { parseArgs } from "node:util";
import { copyDatabase, type Database, describePostgres, openDatabase } from "../db/index.js";
import type { CliIo } from "./io.js";
import { cliConfig, openRecordDatabase } from "./record-file.js";

const USAGE = 'usage: npm run migrate-record -- --to "$DATABASE_URL" [--data-dir DIR]\n';

/** Exit 0 copied, 1 no record, unreachable target or a failed copy, 2 usage error. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let values: { to?: string; "data-dir"?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { to: { type: "string" }, "data-dir": { type: "string" } },
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr.write(`migrate-record: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (!values.to || !/^postgres(ql)?:\/\//.test(values.to)) {
    io.stderr.write(`migrate-record: --to needs a postgres:// URL\n${USAGE}`);
    return 2;
  }
  const config = cliConfig(io, "migrate-record");
  if (!config) return 1;
  const dataDir = path.resolve(io.cwd, values["data-dir"] ?? config.dataDir);
  const from = await openRecordDatabase(io, "migrate-record", { dataDir, databaseUrl: null });
  if (!from) return 1;
  let to: Database | null = null;
  try {
    to = await openDatabase({ url: values.to });
    io.stdout.write(`migrate-record: ${from.description} → ${describePostgres(values.to)}\n`);
    await copyDatabase(from, to, ({ table, read, added }) =>
      io.stdout.write(`  ${table}: ${read} row(s) read, ${added} added\n`),
    );
    io.stdout.write("migrate-record: done. Set DATABASE_URL for the bot and its commands.\n");
    return 0;
  } catch (error) {
    io.stderr.write(`migrate-record: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await from.close();
    await to?.close();
  }
}
