// The bounded queue between the webhook's 200 and the replies: a burst never runs all at once.
import { setImmediate as afterIo } from "node:timers/promises";
import PQueue from "p-queue";

/**
 * Hands out event-loop turns one job at a time: each job starts one loop iteration after the job
 * before it, so between two answers (each a millisecond or so of CPU) the loop always reads sockets.
 * Queues that share one `Turns` never run their jobs' first steps back to back.
 */
export interface Turns {
  next(): Promise<void>;
}

export function createTurns(): Turns {
  let last: Promise<unknown> = Promise.resolve();
  return {
    next() {
      const mine = last.then(() => afterIo());
      last = mine;
      return mine;
    },
  };
}

export interface AnswerQueueOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** Jobs waiting beyond the running ones; an offer past this is refused. */
  maxQueued: number;
  /** Shared with other queues so that their jobs take turns too; a queue of its own by default. */
  turns?: Turns;
}

export interface AnswerQueue {
  /** Queues the job; false (and nothing queued) when the queue is full. The job must not reject. */
  offer(job: () => Promise<void>): boolean;
  /** Jobs waiting for a slot. */
  readonly waiting: number;
  /** Jobs running now. */
  readonly running: number;
  readonly maxQueued: number;
  readonly concurrency: number;
  /** Milliseconds since a job last finished while jobs are running; 0 when none runs. */
  stalledMs(): number;
  /** Resolves true when every job has finished, or false after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createAnswerQueue(options: AnswerQueueOptions): AnswerQueue {
  const queue = new PQueue({ concurrency: options.concurrency });
  const turns = options.turns ?? createTurns();
  // When the queue last moved: a job finished, or the first one started after a pause.
  let movedAt = performance.now();
  return {
    offer(job) {
      if (queue.size >= options.maxQueued) return false;
      // Each job first waits for its own loop turn: under a burst, the next webhook request is read
      // and acknowledged before one more answer is worked out, however many jobs run at once. A job
      // that breaks its promise not to reject must not become an unhandled rejection.
      queue
        .add(async () => {
          if (queue.pending === 1) movedAt = performance.now();
          try {
            await turns.next();
            await job();
          } finally {
            movedAt = performance.now();
          }
        })
        .catch(() => {});
      return true;
    },
    get waiting() {
      return queue.size;
    },
    get running() {
      return queue.pending;
    },
    maxQueued: options.maxQueued,
    concurrency: options.concurrency,
    stalledMs() {
      return queue.pending === 0 ? 0 : performance.now() - movedAt;
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const idle = queue.onIdle().then(() => true);
      const result = await Promise.race([idle, timeout]);
      clearTimeout(timer);
      return result;
    },
  };
}
