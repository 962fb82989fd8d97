// Where each webhook event goes after the 200: the answer queue, else a short "busy" reply, else a counted drop.
import { type AnswerQueue, createAnswerQueue, createTurns } from "./answer-queue.js";
import type { EventHandler } from "./events.js";
import type { WebhookMetrics } from "./metrics.js";

/** The "busy" replies' queue holds this many times ANSWER_QUEUE_MAX. */
export const BUSY_QUEUE_FACTOR = 4;

export type DispatchOutcome = "queued" | "busy" | "dropped";

export interface EventDispatcher {
  dispatch(event: unknown): DispatchOutcome;
  /** Answers waiting and running. */
  readonly answers: AnswerQueue;
  /** "Busy" replies waiting and running. */
  readonly busy: AnswerQueue;
  drain(timeoutMs: number): Promise<boolean>;
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
  return {
    dispatch(event) {
      if (answers.offer(() => handleEvent(event))) return "queued";
      if (busy.offer(() => handleEvent(event, "busy"))) return "busy";
      metrics.dropped += 1;
      return "dropped";
    },
    answers,
    busy,
    async drain(timeoutMs) {
      const [a, b] = await Promise.all([answers.drain(timeoutMs), busy.drain(timeoutMs)]);
      return a && b;
    },
  };
}
