// The Sudachi dictionary filtered on a worker thread of its own: parsing its 14.5 MB of JSON takes tens
// of MB of heap for a moment, which the process that answers citizens (a console publish) never holds.
import { Worker } from "node:worker_threads";
import type { BaseSynonyms } from "./sudachi-synonyms.js";

/** Plain JavaScript, so the worker runs the same under tsx, vitest and the compiled build. */
const WORKER_SOURCE = `
const { parentPort, workerData, threadId } = require("node:worker_threads");
(async () => {
  if (workerData.typescript) (await import("tsx/esm/api")).register();
  const { filterSudachiGroups, loadSudachiGroups } = await import(workerData.module);
  const words = new Set(workerData.words);
  const synonyms = filterSudachiGroups(await loadSudachiGroups(workerData.dictionaryPath), (w) => words.has(w));
  parentPort.postMessage({ synonyms, threadId });
})().catch((error) => parentPort.postMessage({ workerError: String((error && error.message) || error) }));
`;

export interface OffThreadFilter {
  synonyms: BaseSynonyms;
  /** The worker's thread id (never 0, the main thread's). */
  threadId: number;
}

/** filterSudachiGroups(loadSudachiGroups(dictionaryPath), words.has) on a worker with a heap ceiling. */
export function filterSudachiOffThread(
  dictionaryPath: string,
  words: ReadonlySet<string>,
  options: { maxHeapMb?: number; timeoutMs?: number } = {},
): Promise<OffThreadFilter> {
  // Under tsx or vitest this module is TypeScript, and so is the one the worker imports.
  const typescript = import.meta.url.endsWith(".ts");
  const module = new URL(typescript ? "./sudachi-synonyms.ts" : "./sudachi-synonyms.js", import.meta.url)
    .href;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { module, typescript, dictionaryPath, words: [...words] },
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 256, maxYoungGenerationSizeMb: 32 },
  });
  return new Promise<OffThreadFilter>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const fail = (message: string) =>
      settle(() => reject(new Error(`the Sudachi dictionary could not be filtered: ${message}`)));
    const timer = setTimeout(() => fail("it took too long"), options.timeoutMs ?? 120_000);
    worker.on("message", (message: OffThreadFilter | { workerError: string }) =>
      "workerError" in message ? fail(message.workerError) : settle(() => resolve(message)),
    );
    worker.on("error", (error: Error) => fail(error.message));
    worker.on("exit", () => fail("the worker stopped"));
  });
}
