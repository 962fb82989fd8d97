// The ConversationStore on the database (SQLite or PostgreSQL, one set of queries). A batch is written
// in one transaction; on a SQLite file, on the database's writer thread.
import type { Database, QuestionsTable } from "../db/index.js";
import { buildReport } from "./report.js";
import type { AskedQuestion, ConversationStore, FeedbackRecord, QuestionRecord } from "./types.js";

const DELETE_CHUNK = 1000;

/** Which questions to delete: those asked before a time, or one user's. */
type QuestionsWhere =
  | { column: "asked_at"; operator: "<"; value: string }
  | { column: "user_hash"; operator: "="; value: string };
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
  // Feedback is kept even when its question is not there yet: another replica may still hold the question
  // in its batch. It is joined when read; left without a question, it expires (`expireUnmatchedFeedback`).
  const insertFeedback = (f: FeedbackRecord) =>
    query
      .insertInto("feedback")
      .values({
        question_id: f.questionId,
        answered_at: f.answeredAt.toISOString(),
        resolved: f.resolved ? 1 : 0,
      })
      .onConflict((oc) => oc.column("question_id").doNothing());
  // Feedback has no foreign key (migration 0004): it goes with its questions explicitly, in one transaction.
  const deleteChunk = (where: QuestionsWhere) =>
    query.transaction().execute(async (trx) => {
      const matching = trx
        .selectFrom("questions")
        .select("id")
        .where(where.column, where.operator, where.value)
        .orderBy("id")
        .limit(DELETE_CHUNK);
      await trx.deleteFrom("feedback").where("question_id", "in", matching).execute();
      const result = await trx.deleteFrom("questions").where("id", "in", matching).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  // In chunks, yielding between them: a first run over months of records never holds the event loop long.
  const deleteQuestions = async (where: QuestionsWhere) => {
    let deleted = 0;
    for (;;) {
      const changes = await deleteChunk(where);
      deleted += changes;
      if (changes < DELETE_CHUNK) return deleted;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

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
    deleteOlderThan: (cutoff) =>
      deleteQuestions({ column: "asked_at", operator: "<", value: cutoff.toISOString() }),
    deleteUser: (userHash) => deleteQuestions({ column: "user_hash", operator: "=", value: userHash }),
    async expireUnmatchedFeedback(before) {
      const result = await query
        .deleteFrom("feedback")
        .where("answered_at", "<", before.toISOString())
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom("questions")
                .select("questions.id")
                .whereRef("questions.id", "=", "feedback.question_id"),
            ),
          ),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    report: (options) => buildReport(db, options),
    close: () => db.close(),
  };
}
