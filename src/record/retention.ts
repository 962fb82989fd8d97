// Records older than the retention period are deleted at start and then once a day, and so is feedback
// whose question has not arrived within a day (another replica's batch never written).
import type { ConversationStore, RecordLogger } from "./types.js";

const DAY_MS = 86_400_000;
/** Feedback may be written before its question (another replica's batch); a day later, it never will be. */
const UNMATCHED_FEEDBACK_DAYS = 1;

export interface RetentionOptions {
  store: ConversationStore;
  logger: RecordLogger;
  /** Days a record is kept. */
  days: number;
  now?: () => Date;
  /** Default one day. */
  intervalMs?: number;
}

export interface Retention {
  /** Deletes what is past the period now; returns how many questions went. */
  runOnce(): Promise<number>;
  stop(): void;
}

export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** Runs once right away, then every `intervalMs`. */
export function startRetention(options: RetentionOptions): Retention {
  const { store, logger, days } = options;
  const now = options.now ?? (() => new Date());
  async function runOnce(): Promise<number> {
    const cutoff = retentionCutoff(now(), days);
    try {
      const deleted = await store.deleteOlderThan(cutoff);
      if (deleted > 0) logger.info({ deleted, days }, "record: deleted records past the retention period");
      const expired = await store.expireUnmatchedFeedback(retentionCutoff(now(), UNMATCHED_FEEDBACK_DAYS));
      if (expired > 0) logger.info({ expired }, "record: deleted feedback whose question never arrived");
      return deleted;
    } catch (error) {
      logger.error({ err: error }, "record: retention could not delete old records");
      return 0;
    }
  }
  void runOnce();
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? DAY_MS);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
