// Where each webhook event goes after the 200: the answer queue, else a short "busy" reply, else a counted drop.
import { type AnswerQueue, createAnswerQueue, createTurns } from "./answer-queue.js";
import type { EventHandler } from "./events.js";
import type { WebhookMetrics } from "./metrics.js";

/** The "busy" replies' queue holds this many times ANSWER_QUEUE_MAX. */
export const BUSY_QUEUE_FACTOR = 4;

export type DispatchOutcome = "queued" | "busy" | "dropped";

export interface EventDispatcher {
  /** `requestId`: the webhook request the event came in, for its log line. */
  dispatch(event: unknown, requestId?: string): DispatchOutcome;
  /** Answers waiting and running. */
  readonly answers: AnswerQueue;
  /** "Busy" replies waiting and running. */
  readonly busy: AnswerQueue;
  drain(timeoutMs: number): Promise<boolean>;
  /** The webhookEventId of every event queued or running ("(no id)" for an event without one). */
  unfinished(): string[];
}

export interface EventDispatcherOptions {
  handleEvent: EventHandler;
  metrics: WebhookMetrics;
  concurrency: number;
  maxQueued: number;
}

/**
 * Over the maximum, a citizen still hears from the bot: the "busy" reply needs no analysis or
 * search, only one reply call, so it is cheap, and the citizen knows to ask again instead of
 * waiting for an answer that never comes. The busy replies have a bounded queue of their own;
 * past that, an event is dropped and counted.
 */
export function createEventDispatcher(options: EventDispatcherOptions): EventDispatcher {
  const { handleEvent, metrics } = options;
  // Answers and "busy" replies take turns on the event loop with each other, one job per turn.
  const turns = createTurns();
  const answers = createAnswerQueue({ ...options, turns });
  // One reply call each, no analysis: a queue several times the answers' holds a whole burst.
  const busy = createAnswerQueue({ ...options, maxQueued: options.maxQueued * BUSY_QUEUE_FACTOR, turns });
  // Bounded by the two queues' sizes: an event is here from its offer until its handler ends.
  const unfinished = new Set<{ id: string }>();
  const tracked = (event: unknown, handle: () => Promise<void>) => {
    const entry = { id: eventIdOf(event) };
    return {
      entry,
      job: async () => {
        try {
          await handle();
        } finally {
          unfinished.delete(entry);
        }
      },
    };
  };
  return {
    dispatch(event, requestId) {
      const answer = tracked(event, () => handleEvent(event, "answer", requestId));
      if (answers.offer(answer.job)) {
        unfinished.add(answer.entry);
        return "queued";
      }
      const reply = tracked(event, () => handleEvent(event, "busy", requestId));
      if (busy.offer(reply.job)) {
        unfinished.add(reply.entry);
        return "busy";
      }
      metrics.dropped += 1;
      return "dropped";
    },
    unfinished: () => [...unfinished].map((entry) => entry.id),
    answers,
    busy,
    async drain(timeoutMs) {
      const [a, b] = await Promise.all([answers.drain(timeoutMs), busy.drain(timeoutMs)]);
      return a && b;
    },
  };
}

function eventIdOf(event: unknown): string {
  const id =
    typeof event === "object" && event !== null
      ? (event as { webhookEventId?: unknown }).webhookEventId
      : null;
  return typeof id === "string" ? id : "(no id)";
}
