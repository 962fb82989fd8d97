// The ConversationStore on the database (SQLite or PostgreSQL, one set of queries). A batch is written
// in one transaction; on a SQLite file, on the database's writer thread.
import type { Database, QuestionsTable } from "../db/index.js";
import { buildReport } from "./report.js";
import type { AskedQuestion, ConversationStore, FeedbackRecord, QuestionRecord } from "./types.js";

const DELETE_CHUNK = 1000;
/** Rows per INSERT: well under both engines' bound on parameters (14 per row). */
const ROWS_PER_INSERT = 100;

function questionRow(q: QuestionRecord): QuestionsTable {
  return {
    id: q.id,
    asked_at: q.askedAt.toISOString(),
    user_hash: q.userHash,
    chat: q.chat,
    question: q.question,
    normalized: q.normalized,
    answer_kind: q.answerKind,
    project_ids: JSON.stringify(q.projectIds),
    shown_ids: JSON.stringify(q.shownIds),
    match_strength: q.matchStrength,
    unmatched_words: JSON.stringify(q.unmatchedWords),
    edition: q.edition,
    latency_ms: q.latencyMs,
    feedback_offered: q.feedbackOffered ? 1 : 0,
    follow_up: q.followUp ? 1 : 0,
    reply_delivered: q.replyDelivered ? 1 : 0,
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The store over an open database. `close()` closes the database too. */
export function createDatabaseStore(db: Database): ConversationStore {
  const { query } = db;

  const insertQuestions = (questions: readonly QuestionRecord[]) =>
    chunks(questions, ROWS_PER_INSERT).map((rows) =>
      query
        .insertInto("questions")
        .values(rows.map(questionRow))
        .onConflict((oc) => oc.column("id").doNothing()),
    );
  // A question dropped under load (or deleted since) leaves its feedback nothing to belong to.
  const insertFeedback = (f: FeedbackRecord) =>
    query
      .insertInto("feedback")
      .columns(["question_id", "answered_at", "resolved"])
      .expression((eb) =>
        eb
          .selectFrom("questions")
          .select((s) => [
            "questions.id",
            s.cast<string>(s.val(f.answeredAt.toISOString()), "text").as("answered_at"),
            s.cast<number>(s.val(f.resolved ? 1 : 0), "integer").as("resolved"),
          ])
          .where("questions.id", "=", f.questionId),
      )
      .onConflict((oc) => oc.column("question_id").doNothing());

  return {
    async write(batch) {
      await db.writeTogether([...insertQuestions(batch.questions), ...batch.feedback.map(insertFeedback)]);
    },
    async findQuestion(id): Promise<AskedQuestion | null> {
      const row = await query
        .selectFrom("questions as q")
        .leftJoin("feedback as f", "f.question_id", "q.id")
        .select([
          "q.id",
          "q.asked_at",
          "q.user_hash",
          "q.project_ids",
          "q.shown_ids",
          "q.feedback_offered",
          "f.resolved",
        ])
        .where("q.id", "=", id)
        .executeTakeFirst();
      if (!row) return null;
      return {
        id: row.id,
        askedAt: new Date(row.asked_at),
        userHash: row.user_hash,
        projectIds: JSON.parse(row.project_ids) as string[],
        shownIds: JSON.parse(row.shown_ids) as string[],
        feedbackOffered: Number(row.feedback_offered) === 1,
        feedback: row.resolved === null ? null : Number(row.resolved) === 1,
      };
    },
    // In chunks, yielding between them: a first run over months of records never holds the event loop long.
    async deleteOlderThan(cutoff) {
      let deleted = 0;
      for (;;) {
        const result = await query
          .deleteFrom("questions")
          .where("id", "in", (eb) =>
            eb
              .selectFrom("questions")
              .select("id")
              .where("asked_at", "<", cutoff.toISOString())
              .limit(DELETE_CHUNK),
          )
          .executeTakeFirst();
        const changes = Number(result.numDeletedRows);
        deleted += changes;
        if (changes < DELETE_CHUNK) return deleted;
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async deleteUser(userHash) {
      const result = await query.deleteFrom("questions").where("user_hash", "=", userHash).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    report: (options) => buildReport(db, options),
    close: () => db.close(),
  };
}
