// SQLite writes on a worker thread of their own: a batch's transaction (and a slow disk) never holds
// the bot's event loop. The worker opens its own connection to the same WAL database; reads stay on
// the main connection and see each batch once it is committed.
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
const statements = workerData.statements.map((sql) => db.prepare(sql));
const write = db.transaction((lists) => {
  lists.forEach((rows, i) => { for (const row of rows) statements[i].run(row); });
});
parentPort.on("message", (message) => {
  if (message.close) { db.close(); parentPort.close(); return; }
  try { write(message.lists); parentPort.postMessage({ id: message.id }); }
  catch (error) { parentPort.postMessage({ id: message.id, error: String((error && error.message) || error) }); }
});
`;

export type Row = Record<string, string | number | null>;

/** Runs `statements[i]` over `lists[i]`'s rows, all lists in one transaction. */
export interface BatchWriter {
  write(lists: Row[][]): Promise<void>;
  close(): Promise<void>;
}

export function createWorkerWriter(file: string, statements: readonly string[]): BatchWriter {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  // No execArgv: the parent's flags (a loader, --input-type=module) must not change how this script runs.
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { driver, file, statements },
  });
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
  worker.on("exit", () => fail(failure ?? new Error("the record writer stopped")));

  return {
    write(lists) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, lists });
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
