// SQLite writes on a worker thread of their own: a batch's transaction (and a slow disk) never holds
// the bot's event loop. The worker opens its own connection to the same WAL database and runs
// statements Kysely compiled on the main thread; reads stay on the main connection and see each batch
// once it is committed.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Plain JavaScript, so the worker runs the same under tsx, vitest and the compiled build. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
const prepared = new Map();
const statement = (sql) => {
  let found = prepared.get(sql);
  if (!found) {
    if (prepared.size >= 100) prepared.clear();
    found = db.prepare(sql);
    prepared.set(sql, found);
  }
  return found;
};
const write = db.transaction((statements) => {
  for (const { sql, parameters } of statements) statement(sql).run(parameters);
});
parentPort.on("message", (message) => {
  if (message.close) { db.close(); parentPort.close(); return; }
  try { write(message.statements); parentPort.postMessage({ id: message.id }); }
  catch (error) { parentPort.postMessage({ id: message.id, error: String((error && error.message) || error) }); }
});
`;

export interface CompiledStatement {
  sql: string;
  parameters: readonly unknown[];
}

/** Runs statements in one transaction per call, on the worker. */
export interface SqliteWorker {
  write(statements: readonly CompiledStatement[]): Promise<void>;
  close(): Promise<void>;
}

export function createSqliteWorker(file: string): SqliteWorker {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  // No execArgv: the parent's flags (a loader, --input-type=module) must not change how this script runs.
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { driver, file } });
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let next = 0;
  let failure: Error | null = null;
  // Idle, the worker does not keep the process alive; a write in flight does.
  worker.unref();

  const settle = (id: number, error?: Error) => {
    const waiter = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    if (error) waiter?.reject(error);
    else waiter?.resolve();
  };
  worker.on("message", (message: { id: number; error?: string }) =>
    settle(message.id, message.error === undefined ? undefined : new Error(message.error)),
  );
  const fail = (error: Error) => {
    failure = error;
    for (const id of [...pending.keys()]) settle(id, error);
  };
  worker.on("error", fail);
  worker.on("exit", () => fail(failure ?? new Error("the database writer stopped")));

  return {
    write(statements) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({
          id,
          statements: statements.map(({ sql, parameters }) => ({ sql, parameters })),
        });
      });
    },
    async close() {
      if (failure) return;
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.ref();
      worker.postMessage({ close: true });
      await exited;
    },
  };
}
