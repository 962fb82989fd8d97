// Meilisearch in front, the in-memory embedded index behind: citizens get an answer either way.
import type { BackendHealth, SearchBackend, SearchHit, SearchRequest } from "./types.js";

/** The subset of a pino logger this module writes to. */
export interface SearchLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface FallbackBackendOptions {
  primary: SearchBackend;
  fallback: SearchBackend;
  /** A primary search slower than this is answered from the fallback (default 300 ms). */
  timeoutMs?: number;
  logger: SearchLogger;
  /** First recovery probe after this delay, doubling up to maxProbeDelayMs (defaults 500 ms, 30 s). */
  probeDelayMs?: number;
  maxProbeDelayMs?: number;
  /** Share one primary's state between the backends of successive editions. */
  circuit?: PrimaryCircuit;
}

export interface FallbackBackend extends SearchBackend {
  /** True while answers come from the fallback. */
  degraded(): boolean;
}

/** Whether the primary is usable, with background recovery probes while it is not. */
export interface PrimaryCircuit {
  readonly primary: SearchBackend;
  degraded(): boolean;
  reason(): string | null;
  /** Marks the primary failed and starts probing. */
  trip(reason: string): void;
  close(): void;
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

export function createPrimaryCircuit(options: {
  primary: SearchBackend;
  logger: SearchLogger;
  timeoutMs?: number;
  probeDelayMs?: number;
  maxProbeDelayMs?: number;
}): PrimaryCircuit {
  const { primary, logger } = options;
  const timeoutMs = options.timeoutMs ?? 300;
  const firstDelay = options.probeDelayMs ?? 500;
  const maxDelay = options.maxProbeDelayMs ?? 30_000;
  let failure: string | null = null;
  let delay = firstDelay;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(probe, delay);
    timer.unref();
  };

  async function probe(): Promise<void> {
    timer = null;
    let health: BackendHealth | null = null;
    try {
      // A probe may take longer than a search: it only decides when to go back.
      health = await withTimeout(primary.health(), Math.max(timeoutMs, 1_000));
    } catch {
      health = null;
    }
    if (closed) return;
    if (health?.state === "ready") {
      logger.info({ backend: primary.name, after: failure }, "search backend recovered");
      failure = null;
      delay = firstDelay;
      return;
    }
    delay = Math.min(delay * 2, maxDelay);
    schedule();
  }

  return {
    primary,
    degraded: () => failure !== null,
    reason: () => failure,
    trip(reason) {
      if (failure === null) {
        logger.warn({ backend: primary.name, reason }, "search backend failed; answering from the fallback");
        delay = firstDelay;
      }
      failure = reason;
      schedule();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

export function createFallbackBackend(options: FallbackBackendOptions): FallbackBackend {
  const { primary, fallback } = options;
  const timeoutMs = options.timeoutMs ?? 300;
  const circuit = options.circuit ?? createPrimaryCircuit({ ...options, timeoutMs });
  const ownsCircuit = options.circuit === undefined;

  return {
    name: `${primary.name}+${fallback.name}`,
    degraded: () => circuit.degraded(),
    async search(request: SearchRequest): Promise<SearchHit[]> {
      if (circuit.degraded()) return fallback.search(request);
      try {
        return await withTimeout(primary.search(request), timeoutMs);
      } catch (error) {
        circuit.trip(describe(error));
        return fallback.search(request);
      }
    },
    async health(): Promise<BackendHealth> {
      if (!circuit.degraded()) {
        const health = await withTimeout(primary.health(), timeoutMs).catch(
          (error): BackendHealth => ({
            backend: primary.name,
            state: "unavailable",
            documents: 0,
            detail: describe(error),
          }),
        );
        if (health.state === "ready") return health;
        circuit.trip(health.detail ?? health.state);
      }
      const served = await fallback.health();
      return {
        backend: fallback.name,
        state: "degraded",
        documents: served.documents,
        detail: `${primary.name} unavailable (${circuit.reason() ?? "unknown"}); answering from ${fallback.name}`,
      };
    },
    async close() {
      if (ownsCircuit) circuit.close();
    },
  };
}
