// Parsing an edition file from outside on a worker thread of its own, with a heap ceiling: however
// the file is made, the process that answers citizens keeps its memory. A zip's real expanded size
// is counted before the worker starts (see zip-inflate.ts), so a bomb never reaches the library.
import { Worker } from "node:worker_threads";
import type { ParseResult } from "./model.js";
import { isWorkbook, parseEdition } from "./workbook.js";

export interface IsolatedParseOptions {
  /** The worker's V8 heap ceiling. Default 256 MB. */
  maxHeapMb?: number;
  /** A parse taking longer is stopped. Default 60 s. */
  timeoutMs?: number;
}

/** Plain JavaScript, so the worker runs the same under tsx, vitest and the compiled build. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  if (workerData.typescript) (await import("tsx/esm/api")).register();
  const { parseEdition } = await import(workerData.module);
  parentPort.postMessage(await parseEdition(workerData.bytes, workerData.name));
})().catch((error) => parentPort.postMessage({ workerError: String((error && error.message) || error) }));
`;

function failure(code: string, message: string): ParseResult {
  return { ok: false, issues: [{ line: 0, severity: "error", code, message }], source: null };
}

export function parseEditionIsolated(
  bytes: Uint8Array,
  name?: string,
  options: IsolatedParseOptions = {},
): Promise<ParseResult> {
  // Under tsx or vitest this module is TypeScript, and so is the one the worker imports.
  const typescript = import.meta.url.endsWith(".ts");
  const module = new URL(typescript ? "./workbook.ts" : "./workbook.js", import.meta.url).href;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { module, typescript, bytes, name },
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 256, maxYoungGenerationSizeMb: 32 },
  });
  return new Promise<ParseResult>((resolve) => {
    let settled = false;
    const settle = (result: ParseResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () => settle(failure("parse-timeout", "ファイルの解析に時間がかかりすぎたため中止しました")),
      options.timeoutMs ?? 60_000,
    );
    worker.on("message", (message: ParseResult | { workerError: string }) =>
      settle(
        "workerError" in message
          ? failure("parse-failed", `ファイルを解析できませんでした: ${message.workerError}`)
          : message,
      ),
    );
    worker.on("error", (error: Error & { code?: string }) =>
      settle(
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? failure(
              "too-complex",
              "ファイルが大きすぎるか複雑すぎるため読めません（解析のメモリ上限を超えました）",
            )
          : failure("parse-failed", `ファイルを解析できませんでした: ${error.message}`),
      ),
    );
    worker.on("exit", () => settle(failure("parse-failed", "ファイルの解析が途中で止まりました")));
  });
}

/**
 * An edition file from outside: a workbook (a zip, handed to a spreadsheet library) on the worker;
 * a text edition here, since its parser is linear in the bytes the upload limit already bounds.
 */
export function parseUntrustedEdition(bytes: Uint8Array, name?: string): Promise<ParseResult> {
  return isWorkbook(bytes) ? parseEditionIsolated(bytes, name) : parseEdition(bytes, name);
}
