/** Counters shown by /readyz. Plain numbers: cheap on the hot path. */
export interface WebhookMetrics {
  requests: number;
  rejectedSignature: number;
  malformedBody: number;
  events: number;
  duplicates: number;
  invalidEvents: number;
  ignored: number;
  replies: number;
  replyFailures: number;
  /** Reply failures by HTTP status, "network" when no response came. */
  replyFailuresByStatus: Record<string, number>;
  handlerErrors: number;
}

export function createMetrics(): WebhookMetrics {
  return {
    requests: 0,
    rejectedSignature: 0,
    malformedBody: 0,
    events: 0,
    duplicates: 0,
    invalidEvents: 0,
    ignored: 0,
    replies: 0,
    replyFailures: 0,
    replyFailuresByStatus: {},
    handlerErrors: 0,
  };
}
