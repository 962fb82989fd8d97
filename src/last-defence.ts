// The process-level last line of defence: a promise nobody handled is a bug, not a reason to stop
// answering every citizen. It is logged with what is known of it, and the process keeps serving.
import type { Logger } from "./logger.js";

function describe(reason: unknown): Record<string, unknown> {
  if (!(reason instanceof Error)) return { reason: String(reason) };
  const { code, cause } = reason as Error & { code?: unknown };
  return {
    err: reason,
    ...(typeof code === "string" ? { code } : {}),
    ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}` } : {}),
  };
}

/** Installs the handler once per process; returns a function that removes it (for tests). */
export function installLastDefence(logger: Pick<Logger, "error">): () => void {
  let count = 0;
  const onRejection = (reason: unknown) => {
    count += 1;
    logger.error({ ...describe(reason), unhandledRejections: count }, "unhandled rejection; still serving");
  };
  process.on("unhandledRejection", onRejection);
  return () => process.off("unhandledRejection", onRejection);
}
