// The bounded queue between the webhook's 200 and the replies: a burst never runs all at once.
import { setImmediate as afterIo } from "node:timers/promises";
import PQueue from "p-queue";

export interface AnswerQueueOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** Jobs waiting beyond the running ones; an offer past this is refused. */
  maxQueued: number;
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
  /** Resolves true when every job has finished, or false after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createAnswerQueue(options: AnswerQueueOptions): AnswerQueue {
  const queue = new PQueue({ concurrency: options.concurrency });
  return {
    offer(job) {
      if (queue.size >= options.maxQueued) return false;
      // Each job first lets pending I/O run: under a burst, the next webhook request is read and
      // acknowledged before one more answer is worked out. A job that breaks its promise not to
      // reject must not become an unhandled rejection.
      queue
        .add(async () => {
          await afterIo();
          await job();
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
