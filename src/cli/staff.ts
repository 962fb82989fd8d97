// `staff add|list|remove|reset`: the console's accounts, in the database (DATABASE_URL, or DATA_DIR's SQLite file).
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.js";
import { type Database, databaseLocation, openDatabase } from "../db/index.js";
import { ACCOUNT_PROBLEMS, createStaffAccounts, isStaffRole } from "../record/index.js";
import type { CliIo } from "./io.js";

const USAGE = [
  "usage: npm run staff -- add <name> --role editor|viewer   (password from standard input)",
  "       npm run staff -- reset <name>                      (new password from standard input)",
  "       npm run staff -- list",
  "       npm run staff -- remove <name>",
  "  options: --data-dir DIR (SQLite in DIR; default: DATABASE_URL, else DATA_DIR)",
  "",
].join("\n");

const OPTIONS = {
  role: { type: "string" },
  "data-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The first line of standard input; on a terminal, asked for without echoing it. */
async function readPassword(io: CliIo): Promise<string | null> {
  const terminal = io.stdin.isTTY === true;
  if (terminal) io.stderr.write("パスワード (password): ");
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input: io.stdin, output: muted, terminal, crlfDelay: Infinity });
  try {
    for await (const line of lines) return line;
    return null;
  } finally {
    lines.close();
    if (terminal) io.stderr.write("\n");
  }
}

/** Exit 0 ok, 1 refused (name taken, unknown, weak password), 2 usage or configuration error. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    io.stderr.write(`staff: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [verb, name, ...extra] = positionals;
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const usage = (message: string) => {
    io.stderr.write(`staff: ${message}\n${USAGE}`);
    return 2;
  };
  if (extra.length > 0) return usage(`unexpected arguments: ${extra.join(" ")}`);
  if (verb !== "list" && verb !== "add" && verb !== "remove" && verb !== "reset") {
    return usage(verb ? `unknown command ${verb}` : "missing command");
  }
  if (verb === "list" ? name !== undefined : name === undefined) {
    return usage(verb === "list" ? "list takes no name" : "missing <name>");
  }
  if (verb === "add" && !isStaffRole(values.role)) return usage("--role editor|viewer is required");
  if (verb !== "add" && values.role !== undefined) return usage("--role is only for add");

  let location: ReturnType<typeof databaseLocation>;
  try {
    const config = loadConfig(io.env);
    location = values["data-dir"]
      ? { dataDir: resolve(io.cwd, values["data-dir"]) }
      : databaseLocation(resolve(io.cwd, config.dataDir), config.databaseUrl);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`staff: ${error.message}\n`);
    return 2;
  }
  let db: Database;
  try {
    db = await openDatabase(location, { writeIn: "caller" });
  } catch (error) {
    io.stderr.write(`staff: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const accounts = createStaffAccounts(db);
    if (verb === "list") {
      const all = await accounts.list();
      if (all.length === 0) io.stdout.write("アカウントはありません (no accounts)\n");
      for (const account of all) {
        io.stdout.write(`${account.name}\t${account.role}\t作成 ${account.createdAt}\n`);
      }
      return 0;
    }
    const accountName = name ?? "";
    if (verb === "remove") {
      if (!(await accounts.remove(accountName))) {
        io.stderr.write(`staff: ${ACCOUNT_PROBLEMS.unknown}\n`);
        return 1;
      }
      io.stdout.write(`削除しました: ${accountName}\n`);
      return 0;
    }
    if (verb === "reset" && !(await accounts.find(accountName))) {
      io.stderr.write(`staff: ${ACCOUNT_PROBLEMS.unknown}\n`);
      return 1;
    }
    const password = await readPassword(io);
    if (password === null || password === "") {
      io.stderr.write("staff: 標準入力からパスワードを読めませんでした (no password on standard input)\n");
      return 1;
    }
    const result =
      verb === "add" && isStaffRole(values.role)
        ? await accounts.add(accountName, values.role, password)
        : await accounts.resetPassword(accountName, password);
    if (!result.ok) {
      io.stderr.write(`staff: ${ACCOUNT_PROBLEMS[result.problem]}\n`);
      return 1;
    }
    io.stdout.write(
      verb === "add"
        ? `作成しました: ${result.account.name} (${result.account.role})\n`
        : `パスワードを変更しました: ${result.account.name}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
