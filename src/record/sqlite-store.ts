// The ConversationStore on the SQLite record database (one process; WAL lets reports read while
// the bot writes).
import type { RecordDatabase } from "./database.js";
import { buildReport } from "./report.js";
import { type BatchWriter, createWorkerWriter, type Row } from "./sqlite-writer.js";
import type {
  AskedQuestion,
  ConversationStore,
  FeedbackRecord,
  QuestionRecord,
  RecordBatch,
} from "./types.js";

interface QuestionRow {
  id: string;
  asked_at: string;
  user_hash: string | null;
  project_ids: string;
  shown_ids: string;
  feedback_offered: number;
  resolved: number | null;
}

const INSERT_QUESTION = `
  INSERT OR IGNORE INTO questions (id, asked_at, user_hash, chat, question, normalized, answer_kind,
    project_ids, shown_ids, match_strength, unmatched_words, edition, latency_ms, feedback_offered,
    reply_delivered)
  VALUES (@id, @askedAt, @userHash, @chat, @question, @normalized, @answerKind,
    @projectIds, @shownIds, @matchStrength, @unmatchedWords, @edition, @latencyMs, @feedbackOffered,
    @replyDelivered)`;
// A question dropped under load (or deleted since) leaves its feedback nothing to belong to.
const INSERT_FEEDBACK = `
  INSERT OR IGNORE INTO feedback (question_id, answered_at, resolved)
  SELECT @questionId, @answeredAt, @resolved WHERE EXISTS (SELECT 1 FROM questions WHERE id = @questionId)`;

const DELETE_CHUNK = 1000;

export interface SqliteStoreOptions {
  /**
   * Write batches on a worker thread with its own connection (default for a database file), or on
   * the caller's thread (always for `:memory:`).
   */
  writeIn?: "worker" | "caller";
}

/** The store over an open record database. `close()` closes the database too. */
export function createSqliteStore(db: RecordDatabase, options: SqliteStoreOptions = {}): ConversationStore {
  const inWorker = (options.writeIn ?? "worker") === "worker" && !db.memory;
  const insertQuestion = db.prepare(INSERT_QUESTION);
  const insertFeedback = db.prepare(INSERT_FEEDBACK);
  const selectQuestion = db.prepare(`
    SELECT q.id, q.asked_at, q.user_hash, q.project_ids, q.shown_ids, q.feedback_offered, f.resolved
    FROM questions q LEFT JOIN feedback f ON f.question_id = q.id WHERE q.id = ?`);
  // In chunks, yielding between them: a first run over months of records never holds the event loop long.
  const deleteBefore = db.prepare(
    `DELETE FROM questions WHERE rowid IN (SELECT rowid FROM questions WHERE asked_at < ? LIMIT ${DELETE_CHUNK})`,
  );
  const deleteByUser = db.prepare("DELETE FROM questions WHERE user_hash = ?");

  const questionParams = (q: QuestionRecord): Row => ({
    id: q.id,
    askedAt: q.askedAt.toISOString(),
    userHash: q.userHash,
    chat: q.chat,
    question: q.question,
    normalized: q.normalized,
    answerKind: q.answerKind,
    projectIds: JSON.stringify(q.projectIds),
    shownIds: JSON.stringify(q.shownIds),
    matchStrength: q.matchStrength,
    unmatchedWords: JSON.stringify(q.unmatchedWords),
    edition: q.edition,
    latencyMs: q.latencyMs,
    feedbackOffered: q.feedbackOffered ? 1 : 0,
    replyDelivered: q.replyDelivered ? 1 : 0,
  });
  const feedbackParams = (f: FeedbackRecord): Row => ({
    questionId: f.questionId,
    answeredAt: f.answeredAt.toISOString(),
    resolved: f.resolved ? 1 : 0,
  });

  const writeHere = db.transaction((batch: RecordBatch) => {
    for (const question of batch.questions) insertQuestion.run(questionParams(question));
    for (const feedback of batch.feedback) insertFeedback.run(feedbackParams(feedback));
  });
  const worker: BatchWriter | null = inWorker
    ? createWorkerWriter(db.name, [INSERT_QUESTION, INSERT_FEEDBACK])
    : null;

  return {
    async write(batch) {
      if (worker)
        await worker.write([batch.questions.map(questionParams), batch.feedback.map(feedbackParams)]);
      else writeHere(batch);
    },
    async findQuestion(id): Promise<AskedQuestion | null> {
      const row = selectQuestion.get(id) as QuestionRow | undefined;
      if (!row) return null;
      return {
        id: row.id,
        askedAt: new Date(row.asked_at),
        userHash: row.user_hash,
        projectIds: JSON.parse(row.project_ids) as string[],
        shownIds: JSON.parse(row.shown_ids) as string[],
        feedbackOffered: row.feedback_offered === 1,
        feedback: row.resolved === null ? null : row.resolved === 1,
      };
    },
    async deleteOlderThan(cutoff) {
      let deleted = 0;
      for (;;) {
        const { changes } = deleteBefore.run(cutoff.toISOString());
        deleted += changes;
        if (changes < DELETE_CHUNK) return deleted;
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async deleteUser(userHash) {
      return deleteByUser.run(userHash).changes;
    },
    async report(options) {
      return buildReport(db, options);
    },
    async close() {
      await worker?.close();
      if (db.open) db.close();
    },
  };
}
