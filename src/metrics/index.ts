export { createMetrics, METRIC_PREFIX, type Metrics, type MetricsOptions } from "./registry.js";
export { type MetricsRouteOptions, metricsRoute } from "./route.js";
export {
  type QueueState,
  registerServiceMetrics,
  type ServiceState,
  type WebhookCounts,
} from "./service-metrics.js";
export { timedSearches } from "./timed-search.js";
