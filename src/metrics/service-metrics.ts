// The bot's own figures as Prometheus metrics, read from the state that already keeps them (the
// webhook counters, the queues, the live edition, the record) at each scrape: nothing on the hot path.
import { Counter, Gauge } from "prom-client";
import { METRIC_PREFIX, type Metrics } from "./registry.js";

/** The webhook's counters (line/'s WebhookMetrics fits). */
export interface WebhookCounts {
  requests: number;
  rejectedSignature: number;
  malformedBody: number;
  replies: number;
  replyFailures: number;
  replyFailuresByStatus: Record<string, number>;
  duplicates: number;
  invalidEvents: number;
  ignored: number;
  handlerErrors: number;
  busyReplies: number;
  dropped: number;
}

export interface QueueState {
  waiting: number;
  running: number;
}

export interface ServiceState {
  webhook: WebhookCounts;
  queues: () => Record<string, QueueState>;
  health: () => Promise<{ backend: string; state: string }>;
  edition: () => { edition: string | null; source: string; indexedAt: string };
  /** The record's queue; null when the record is off. */
  record: () => { pending: number; dropped: number; failedBatches: number } | null;
  now?: () => number;
}

const BACKEND_STATES = ["ready", "degraded", "unavailable"] as const;

/** Registers the service's metrics in `metrics`; they are read from `state` at each scrape. */
export function registerServiceMetrics(metrics: Metrics, state: ServiceState): void {
  const registers = [metrics.registry];
  const now = state.now ?? Date.now;
  // Counters mirrored from counts kept elsewhere: each scrape sets them to the current totals.
  const mirrored = (
    name: string,
    help: string,
    labelNames: string[],
    read: () => [Record<string, string>, number][],
  ) =>
    new Counter({
      name: `${METRIC_PREFIX}${name}`,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const [labels, value] of read()) if (value > 0) this.inc(labels, value);
      },
    });
  const w = state.webhook;
  mirrored("webhook_requests_total", "POST /webhook requests by outcome.", ["outcome"], () => [
    [{ outcome: "accepted" }, w.requests - w.rejectedSignature - w.malformedBody],
    [{ outcome: "bad_signature" }, w.rejectedSignature],
    [{ outcome: "malformed" }, w.malformedBody],
  ]);
  mirrored("webhook_events_total", "Webhook events by outcome.", ["outcome"], () => [
    [{ outcome: "replied" }, w.replies],
    [{ outcome: "reply_failed" }, w.replyFailures],
    [{ outcome: "duplicate" }, w.duplicates],
    [{ outcome: "invalid" }, w.invalidEvents],
    [{ outcome: "ignored" }, w.ignored],
    [{ outcome: "error" }, w.handlerErrors],
    [{ outcome: "busy" }, w.busyReplies],
    [{ outcome: "dropped" }, w.dropped],
  ]);
  mirrored(
    "line_calls_total",
    'Calls to the LINE API by outcome: "ok", the HTTP status, "timeout" or "network".',
    ["call", "outcome"],
    () => [
      [{ call: "reply", outcome: "ok" }, w.replies],
      ...Object.entries(w.replyFailuresByStatus).map(([outcome, count]): [Record<string, string>, number] => [
        { call: "reply", outcome },
        count,
      ]),
    ],
  );

  const queueDepth = new Gauge({
    name: `${METRIC_PREFIX}answer_queue_depth`,
    help: "Events waiting and running in the answer queues.",
    labelNames: ["queue", "state"],
    registers,
  });
  const backendUp = new Gauge({
    name: `${METRIC_PREFIX}search_backend_up`,
    help: "1 for the search backend's current state (ready, degraded, unavailable).",
    labelNames: ["backend", "state"],
    registers,
  });
  const editionInfo = new Gauge({
    name: `${METRIC_PREFIX}edition_info`,
    help: "1 for the plan edition served.",
    labelNames: ["edition", "source"],
    registers,
  });
  const editionAge = new Gauge({
    name: `${METRIC_PREFIX}edition_age_seconds`,
    help: "Seconds since the served edition was indexed.",
    registers,
  });
  const recordQueue = new Gauge({
    name: `${METRIC_PREFIX}record_queue`,
    help: "The conversation record's writer: entries pending, dropped and failed batches since start.",
    labelNames: ["state"],
    registers,
  });

  metrics.onScrape(async () => {
    queueDepth.reset();
    for (const [queue, depth] of Object.entries(state.queues())) {
      queueDepth.set({ queue, state: "waiting" }, depth.waiting);
      queueDepth.set({ queue, state: "running" }, depth.running);
    }
    const health = await state.health().catch(() => ({ backend: "unknown", state: "unavailable" }));
    backendUp.reset();
    for (const known of BACKEND_STATES)
      backendUp.set({ backend: health.backend, state: known }, known === health.state ? 1 : 0);
    const edition = state.edition();
    editionInfo.reset();
    editionInfo.set({ edition: edition.edition ?? "", source: edition.source }, 1);
    editionAge.set(Math.max(0, (now() - Date.parse(edition.indexedAt)) / 1000));
    recordQueue.reset();
    const record = state.record();
    if (record) {
      recordQueue.set({ state: "pending" }, record.pending);
      recordQueue.set({ state: "dropped" }, record.dropped);
      recordQueue.set({ state: "failed_batches" }, record.failedBatches);
    }
  });
}
