// Records off the reply path: `question()` and `feedback()` only queue (no I/O, never throws).
// A timer, or a full batch, writes the queue to the store in one transaction per batch. Memory is
// bounded: past `maxPending` queued entries, new ones are dropped, counted and logged.
import { randomBytes } from "node:crypto";
import { maskPersonalData, normalizeQuestion } from "./masking.js";
import type {
  AskedQuestion,
  ConversationStore,
  FeedbackRecord,
  QuestionRecord,
  RecordLogger,
} from "./types.js";

/** A question as the bot saw it: the raw text, which the recorder masks before keeping anything. */
export type AnsweredQuestion = Omit<QuestionRecord, "askedAt" | "question" | "normalized"> & { text: string };

export interface RecorderStats {
  pending: number;
  written: number;
  dropped: number;
  failedBatches: number;
}

export interface ConversationRecorder {
  /** A fresh question id (random, URL-safe): feedback postbacks carry it. */
  newQuestionId(): string;
  question(answered: AnsweredQuestion): void;
  /** Queues 「解決しましたか？」's answer; false when one is already queued for the question. */
  feedback(questionId: string, resolved: boolean): boolean;
  /** A question by id, whether still queued or already written. */
  findQuestion(id: string): Promise<AskedQuestion | null>;
  /** Writes everything queued so far. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is queued. The store stays open. */
  close(): Promise<void>;
  stats(): RecorderStats;
}

export interface RecorderOptions {
  store: ConversationStore;
  logger: RecordLogger;
  /** Entries per transaction; a full batch is written at once. Default 500. */
  batchSize?: number;
  /** Longest an entry waits before it is written. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Entries queued (including the batch being written) past which new ones are dropped. Default 20000. */
  maxPending?: number;
  now?: () => Date;
}

/** Keeps the words masking left in the question: "090" of a masked phone number goes. */
function wordsStillIn(masked: string, words: readonly string[]): string[] {
  if (words.length === 0) return [];
  const text = masked.normalize("NFKC").toLowerCase();
  return words.filter((word) => text.includes(word.normalize("NFKC").toLowerCase()));
}

const ID_BYTES = 12;
const POOL_IDS = 256;

/** Random URL-safe ids (16 characters), drawn from a pooled buffer: one RNG call per 256 ids. */
function createIdSource(): () => string {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + ID_BYTES > pool.length) {
      pool = randomBytes(ID_BYTES * POOL_IDS);
      offset = 0;
    }
    const id = pool.subarray(offset, offset + ID_BYTES).toString("base64url");
    offset += ID_BYTES;
    return id;
  };
}

type Entry = { question: QuestionRecord } | { feedback: FeedbackRecord };

export function createRecorder(options: RecorderOptions): ConversationRecorder {
  const { store, logger } = options;
  const batchSize = options.batchSize ?? 500;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const maxPending = options.maxPending ?? 20_000;
  const now = options.now ?? (() => new Date());

  let queue: Entry[] = [];
  /** Queued and being written, by id: a feedback postback may come before its question is written. */
  const unwritten = new Map<string, AskedQuestion>();
  /** Feedback queued or being written, by question id. */
  const unwrittenFeedback = new Map<string, boolean>();
  let writing: Promise<void> | null = null;
  let inBatch = 0;
  let timer: NodeJS.Timeout | null = null;
  let soon = false;
  let closed = false;
  const stats = { written: 0, dropped: 0, failedBatches: 0 };
  let droppedSinceLog = 0;

  function schedule(): void {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, flushIntervalMs);
    timer.unref();
  }

  function enqueue(entry: Entry): void {
    if (queue.length + inBatch >= maxPending) {
      stats.dropped += 1;
      droppedSinceLog += 1;
      schedule();
      return;
    }
    queue.push(entry);
    if (queue.length >= batchSize && !writing && !soon) {
      // Not now: the caller is on the reply path. Next turn of the event loop.
      soon = true;
      setImmediate(() => {
        soon = false;
        void flush();
      });
    } else {
      schedule();
    }
  }

  async function writeQueued(): Promise<void> {
    while (queue.length > 0) {
      const entries = queue.slice(0, batchSize);
      queue = queue.slice(entries.length);
      inBatch = entries.length;
      const batch = {
        questions: entries.flatMap((e) => ("question" in e ? [e.question] : [])),
        feedback: entries.flatMap((e) => ("feedback" in e ? [e.feedback] : [])),
      };
      try {
        await store.write(batch);
        stats.written += entries.length;
      } catch (error) {
        stats.failedBatches += 1;
        stats.dropped += entries.length;
        logger.error({ err: error, entries: entries.length }, "record: a batch could not be written");
      } finally {
        inBatch = 0;
        for (const q of batch.questions) unwritten.delete(q.id);
        for (const f of batch.feedback) unwrittenFeedback.delete(f.questionId);
      }
    }
  }

  function flush(): Promise<void> {
    if (droppedSinceLog > 0) {
      logger.warn(
        { dropped: droppedSinceLog, droppedTotal: stats.dropped, maxPending },
        "record: queue full, entries dropped",
      );
      droppedSinceLog = 0;
    }
    if (writing) return writing.then(() => (queue.length > 0 ? flush() : undefined));
    if (queue.length === 0) return Promise.resolve();
    writing = writeQueued().finally(() => {
      writing = null;
    });
    return writing;
  }

  return {
    newQuestionId: createIdSource(),
    question(answered) {
      const { text, ...fields } = answered;
      const masked = maskPersonalData(text);
      const record: QuestionRecord = {
        ...fields,
        askedAt: now(),
        question: masked,
        normalized: normalizeQuestion(masked),
        unmatchedWords: wordsStillIn(masked, answered.unmatchedWords),
      };
      const before = stats.dropped;
      enqueue({ question: record });
      if (stats.dropped === before) {
        unwritten.set(record.id, {
          id: record.id,
          askedAt: record.askedAt,
          userHash: record.userHash,
          projectIds: record.projectIds,
          shownIds: record.shownIds,
          feedbackOffered: record.feedbackOffered,
          feedback: null,
        });
      }
    },
    feedback(questionId, resolved) {
      if (unwrittenFeedback.has(questionId)) return false;
      const before = stats.dropped;
      enqueue({ feedback: { questionId, answeredAt: now(), resolved } });
      if (stats.dropped === before) unwrittenFeedback.set(questionId, resolved);
      return true;
    },
    async findQuestion(id) {
      const asked = unwritten.get(id) ?? (await store.findQuestion(id));
      const feedback = unwrittenFeedback.get(id);
      return asked && feedback !== undefined ? { ...asked, feedback } : asked;
    },
    flush,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await flush();
    },
    stats: () => ({ pending: queue.length + inBatch, ...stats }),
  };
}
