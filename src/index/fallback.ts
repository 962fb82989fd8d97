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

export type CircuitState = "closed" | "open" | "half-open";

/**
 * Whether the primary is usable. closed: every search goes to it. open: none do, and a background
 * probe checks its health with a doubling delay. half-open (a probe found it healthy): one search
 * at a time is let through as a trial; its success closes the circuit, its failure opens it again.
 */
export interface PrimaryCircuit {
  readonly primary: SearchBackend;
  state(): CircuitState;
  degraded(): boolean;
  reason(): string | null;
  /** Whether a call may go to the primary now; in half-open, true for one caller until it reports. */
  admit(): boolean;
  /** The admitted call succeeded. */
  succeed(): void;
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
  let state: CircuitState = "closed";
  let failure: string | null = null;
  let trialInFlight = false;
  let delay = firstDelay;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => void probe(), delay);
    timer.unref();
  };

  /** One probe at a time: the next is scheduled only when this one has settled. */
  async function probe(): Promise<void> {
    let health: BackendHealth | null = null;
    try {
      // A probe may take longer than a search: it only decides when to try again.
      health = await withTimeout(primary.health(), Math.max(timeoutMs, 1_000));
    } catch {
      health = null;
    }
    timer = null;
    if (closed || state !== "open") return;
    if (health?.state === "ready") {
      state = "half-open";
      trialInFlight = false;
      return;
    }
    delay = Math.min(delay * 2, maxDelay);
    schedule();
  }

  return {
    primary,
    state: () => state,
    degraded: () => state !== "closed",
    reason: () => failure,
    admit() {
      if (state === "closed") return true;
      if (state === "open" || trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    succeed() {
      if (state !== "half-open") return;
      logger.info({ backend: primary.name, after: failure }, "search backend recovered");
      state = "closed";
      failure = null;
      trialInFlight = false;
      delay = firstDelay;
    },
    trip(reason) {
      if (state === "closed") {
        logger.warn({ backend: primary.name, reason }, "search backend failed; answering from the fallback");
        delay = firstDelay;
      } else if (state === "half-open") {
        delay = Math.min(delay * 2, maxDelay);
      }
      state = "open";
      trialInFlight = false;
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
      if (!circuit.admit()) return fallback.search(request);
      let hits: SearchHit[];
      try {
        hits = await withTimeout(primary.search(request), timeoutMs);
      } catch (error) {
        circuit.trip(describe(error));
        return fallback.search(request);
      }
      circuit.succeed();
      return hits;
    },
    async health(): Promise<BackendHealth> {
      if (circuit.admit()) {
        const health = await withTimeout(primary.health(), timeoutMs).catch(
          (error): BackendHealth => ({
            backend: primary.name,
            state: "unavailable",
            documents: 0,
            detail: describe(error),
          }),
        );
        if (health.state === "ready") {
          circuit.succeed();
          return health;
        }
        circuit.trip(health.detail ?? health.state);
      }
      const served = await fallback.health();
      return {
        backend: fallback.name,
        state: "degraded",
        documents: served.documents,
        detail: `${primary.name} ${circuit.state() === "half-open" ? "recovering" : "unavailable"} (${circuit.reason() ?? "unknown"}); answering from ${fallback.name}`,
      };
    },
    async close() {
      if (ownsCircuit) circuit.close();
    },
  };
}
