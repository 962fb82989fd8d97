// Reports for staff over the SQLite record: what citizens asked, what found nothing, what helped.
// Days and hours are Japan time (UTC+9, no daylight saving).
import type { RecordDatabase } from "./database.js";
import type { ConversationReport, ReportOptions } from "./types.js";

/** Below this share of the question's words found, an answer counts as a weak match. */
export const WEAK_MATCH = 0.75;
export const REPORT_TIME_ZONE = "+09:00";
const SHIFT = "'+9 hours'";
const DEFAULT_LIMIT = 100;

const WORDS_PER_GROUP = 10;

/** The report for a period, every list bounded by `limit`. */
export function buildReport(db: RecordDatabase, options: ReportOptions): ConversationReport {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const period = {
    since: options.since?.toISOString() ?? "",
    until: options.until?.toISOString() ?? "9999",
    weak: WEAK_MATCH,
    limit,
  };
  const inPeriod = "q.asked_at >= @since AND q.asked_at < @until";
  const all = <T>(sql: string) => db.prepare(sql).all(period) as T[];
  const one = <T>(sql: string) => db.prepare(sql).get(period) as T;

  const { delivered, failed, ...totals } = one<{
    questions: number;
    unanswered: number;
    weak: number;
    users: number;
    delivered: number;
    failed: number;
  }>(`
    SELECT count(*) AS questions,
      coalesce(sum(q.answer_kind = 'no-match'), 0) AS unanswered,
      coalesce(sum(q.match_strength < @weak), 0) AS weak,
      count(DISTINCT q.user_hash) AS users,
      coalesce(sum(q.reply_delivered = 1), 0) AS delivered,
      coalesce(sum(q.reply_delivered = 0), 0) AS failed
    FROM questions q WHERE ${inPeriod}`);
  const feedback = one<{ yes: number; no: number }>(`
    SELECT coalesce(sum(f.resolved), 0) AS yes, coalesce(sum(1 - f.resolved), 0) AS no
    FROM feedback f JOIN questions q ON q.id = f.question_id WHERE ${inPeriod}`);

  const wordsOf = (condition: string) => {
    const rows = all<{ normalized: string; word: string }>(`
      SELECT q.normalized, w.value AS word, count(*) AS n
      FROM questions q, json_each(q.unmatched_words) w WHERE ${inPeriod} AND ${condition}
      GROUP BY q.normalized, w.value ORDER BY q.normalized, n DESC, w.value`);
    const words = new Map<string, string[]>();
    for (const row of rows) {
      const list = words.get(row.normalized) ?? [];
      if (list.length < WORDS_PER_GROUP) list.push(row.word);
      words.set(row.normalized, list);
    }
    return words;
  };

  const unansweredWords = wordsOf("q.answer_kind = 'no-match'");
  // SQLite takes the bare column `question` from the row holding max(asked_at): the latest example.
  const unanswered = all<{
    normalized: string;
    question: string;
    count: number;
    users: number;
    lastAskedAt: string;
  }>(`
    SELECT q.normalized, q.question, max(q.asked_at) AS lastAskedAt, count(*) AS count,
      count(DISTINCT q.user_hash) AS users
    FROM questions q WHERE ${inPeriod} AND q.answer_kind = 'no-match'
    GROUP BY q.normalized ORDER BY count DESC, lastAskedAt DESC LIMIT @limit`).map((row) => ({
    question: row.question,
    count: row.count,
    users: row.users,
    unmatchedWords: unansweredWords.get(row.normalized) ?? [],
    lastAskedAt: row.lastAskedAt,
  }));

  const weakWords = wordsOf("q.match_strength < @weak");
  const weakMatches = all<{
    normalized: string;
    question: string;
    count: number;
    projectIds: string;
    strength: number;
  }>(`
    SELECT q.normalized, q.question, max(q.asked_at) AS last, q.project_ids AS projectIds,
      count(*) AS count, avg(q.match_strength) AS strength
    FROM questions q WHERE ${inPeriod} AND q.match_strength < @weak
    GROUP BY q.normalized ORDER BY count DESC, strength ASC LIMIT @limit`).map((row) => ({
    question: row.question,
    count: row.count,
    projectId: (JSON.parse(row.projectIds) as string[])[0] ?? null,
    matchStrength: Math.round(row.strength * 100) / 100,
    unmatchedWords: weakWords.get(row.normalized) ?? [],
  }));

  const feedbackByProject = all<{ projectId: string; yes: number; no: number }>(`
    SELECT p.value AS projectId, sum(f.resolved) AS yes, sum(1 - f.resolved) AS no
    FROM feedback f JOIN questions q ON q.id = f.question_id, json_each(q.project_ids) p
    WHERE ${inPeriod}
    GROUP BY p.value ORDER BY (yes * 1.0 / (yes + no)) ASC, no DESC, p.value LIMIT @limit`).map((row) => ({
    ...row,
    yesRate: Math.round((row.yes / (row.yes + row.no)) * 100) / 100,
  }));

  const topProjects = all<{ projectId: string; count: number }>(`
    SELECT p.value AS projectId, count(*) AS count
    FROM questions q, json_each(q.project_ids) p WHERE ${inPeriod}
    GROUP BY p.value ORDER BY count DESC, p.value LIMIT @limit`);

  const byDay = all<{ day: string; questions: number; users: number }>(`
    SELECT strftime('%Y-%m-%d', q.asked_at, ${SHIFT}) AS day, count(*) AS questions,
      count(DISTINCT q.user_hash) AS users
    FROM questions q WHERE ${inPeriod} GROUP BY day ORDER BY day`);

  const byHour = all<{ hour: number; questions: number }>(`
    SELECT CAST(strftime('%H', q.asked_at, ${SHIFT}) AS INTEGER) AS hour, count(*) AS questions
    FROM questions q WHERE ${inPeriod} GROUP BY hour ORDER BY hour`);

  const byKind = all<{ kind: string; count: number }>(`
    SELECT q.answer_kind AS kind, count(*) AS count FROM questions q WHERE ${inPeriod}
    GROUP BY kind ORDER BY count DESC, kind`);

  return {
    period: {
      since: options.since?.toISOString() ?? null,
      until: options.until?.toISOString() ?? null,
      timeZone: REPORT_TIME_ZONE,
    },
    totals: { ...totals, replies: { delivered, failed }, feedback },
    unanswered,
    weakMatches,
    feedbackByProject,
    topProjects,
    byDay,
    byHour,
    byKind,
  };
}
