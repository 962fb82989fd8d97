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
  /** Reply failures by HTTP status; "timeout" when LINE did not answer in time, "network" when no response came. */
  replyFailuresByStatus: Record<string, number>;
  handlerErrors: number;
  /** Questions answered "busy, please ask again" because the answer queue was full. */
  busyReplies: number;
  /** Events dropped unanswered because the busy replies' own queue was full too. */
  dropped: number;
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
    busyReplies: 0,
    dropped: 0,
  };
}
