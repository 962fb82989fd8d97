// The bot as its own process with the console on, a fresh DATA_DIR and index-data copy, and staff accounts.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { openDatabase } from "../../src/db/index.js";
import { createDatabaseStore, createStaffAccounts, type RecordBatch } from "../../src/record/index.js";
import { EDITOR, INDEX_DATA, SESSION_SECRET, VIEWER } from "./admin.js";
import { type Started, startServer } from "./server-process.js";

export interface ConsoleServer {
  address: string;
  dataDir: string;
  indexDataDir: string;
  server: Started;
  stop(): Promise<void>;
}

/** `record`: conversation records written before the server starts. */
export async function startConsoleServer(
  options: { env?: Record<string, string>; record?: RecordBatch } = {},
): Promise<ConsoleServer> {
  const root = await mkdtemp(path.join(tmpdir(), "console-"));
  const dataDir = path.join(root, "data");
  const indexDataDir = path.join(root, "index-data");
  await cp(INDEX_DATA, indexDataDir, { recursive: true });
  const db = await openDatabase({ dataDir }, { writeIn: "caller" });
  const accounts = createStaffAccounts(db);
  await accounts.add(EDITOR.name, "editor", EDITOR.password);
  await accounts.add(VIEWER.name, "viewer", VIEWER.password);
  if (options.record) await createDatabaseStore(db).write(options.record);
  await db.close();
  const server = await startServer({
    DATA_DIR: dataDir,
    INDEX_DATA_DIR: indexDataDir,
    ADMIN_SESSION_SECRET: SESSION_SECRET,
    ...options.env,
  });
  return {
    address: server.address,
    dataDir,
    indexDataDir,
    server,
    async stop() {
      server.child.kill("SIGTERM");
      await server.exited;
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Signs in through the form, as staff do. */
export async function signInAs(page: Page, address: string, account: { name: string; password: string }) {
  await page.goto(`${address}/admin/login`);
  await page.getByLabel("ユーザー名").fill(account.name);
  await page.getByLabel("パスワード").fill(account.password);
  await page.getByRole("button", { name: "ログイン" }).click();
  await page.waitForURL(`${address}/admin/`);
}
