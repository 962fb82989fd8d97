// The process's Prometheus registry and the metrics observed where things happen. Other modules add
// their own metrics to `registry`, and set gauges from current state in an `onScrape` callback.
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

export const METRIC_PREFIX = "shiroi_";

export interface Metrics {
  readonly registry: Registry;
  /** From the event's arrival to LINE's answer to the reply, by answer kind (project, list, busy…). */
  readonly answerSeconds: Histogram<"kind">;
  /** One search of the served edition, by backend. */
  readonly searchSeconds: Histogram<"backend">;
  /** Runs before each scrape (set gauges from the state they describe). */
  onScrape(update: () => void | Promise<void>): void;
  /** The text exposition of every metric, after the onScrape callbacks ran. */
  scrape(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsOptions {
  /** Node's process metrics (memory, CPU, event-loop lag, GC, handles). Default true. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const updates: (() => void | Promise<void>)[] = [];
  return {
    registry,
    answerSeconds: new Histogram({
      name: `${METRIC_PREFIX}answer_duration_seconds`,
      help: "From a webhook event's arrival to LINE's answer to the reply, by answer kind.",
      labelNames: ["kind"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: [registry],
    }),
    searchSeconds: new Histogram({
      name: `${METRIC_PREFIX}search_duration_seconds`,
      help: "One search of the served edition, by backend.",
      labelNames: ["backend"],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.3, 1],
      registers: [registry],
    }),
    onScrape(update) {
      updates.push(update);
    },
    async scrape() {
      for (const update of updates) await update();
      return registry.metrics();
    },
    contentType: registry.contentType,
  };
}
