// Reports for staff over the record: what citizens asked, what found nothing, what helped. One set of
// queries for SQLite and PostgreSQL. Days and hours are Japan time (UTC+9, no daylight saving).
import { type Database, sql } from "../db/index.js";
import type { ConversationReport, ReportOptions } from "./types.js";

/** Below this share of the question's words found, an answer counts as a weak match. */
export const WEAK_MATCH = 0.75;
export const REPORT_TIME_ZONE = "+09:00";
const DEFAULT_LIMIT = 100;

const WORDS_PER_GROUP = 10;

/** PostgreSQL returns counts and sums as bigint text; SQLite as numbers. */
const n = (value: unknown): number => Number(value ?? 0);

/** The report for a period, every list bounded by `limit`. */
export async function buildReport(db: Database, options: ReportOptions): Promise<ConversationReport> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const { portable } = db;
  const since = options.since?.toISOString() ?? "";
  const until = options.until?.toISOString() ?? "9999";
  const inPeriod = (alias: string) =>
    sql`${sql.ref(`${alias}.asked_at`)} >= ${since} AND ${sql.ref(`${alias}.asked_at`)} < ${until}`;
  const noMatch = (alias: string) => sql`${sql.ref(`${alias}.answer_kind`)} = 'no-match'`;
  const weak = (alias: string) => sql`${sql.ref(`${alias}.match_strength`)} < ${WEAK_MATCH}`;
  const rows = async <T>(query: ReturnType<typeof sql>) => (await query.execute(db.query)).rows as T[];

  const [totals] = await rows<
    Record<"questions" | "unanswered" | "weak" | "users" | "delivered" | "failed", unknown>
  >(sql`
    SELECT count(*) AS questions,
      coalesce(sum(CASE WHEN ${noMatch("q")} THEN 1 ELSE 0 END), 0) AS unanswered,
      coalesce(sum(CASE WHEN ${weak("q")} THEN 1 ELSE 0 END), 0) AS weak,
      count(DISTINCT q.user_hash) AS users,
      coalesce(sum(CASE WHEN q.reply_delivered = 1 THEN 1 ELSE 0 END), 0) AS delivered,
      coalesce(sum(CASE WHEN q.reply_delivered = 0 THEN 1 ELSE 0 END), 0) AS failed
    FROM questions q WHERE ${inPeriod("q")}`);
  const [followUps] = await rows<Record<"count" | "unanswered", unknown>>(sql`
    SELECT coalesce(sum(q.follow_up), 0) AS count,
      coalesce(sum(CASE WHEN q.follow_up = 1 AND ${noMatch("q")} THEN 1 ELSE 0 END), 0) AS unanswered
    FROM questions q WHERE ${inPeriod("q")}`);
  const [feedback] = await rows<Record<"yes" | "no", unknown>>(sql`
    SELECT coalesce(sum(f.resolved), 0) AS yes, coalesce(sum(1 - f.resolved), 0) AS no
    FROM feedback f JOIN questions q ON q.id = f.question_id WHERE ${inPeriod("q")}`);

  const wordsOf = async (condition: ReturnType<typeof sql>) => {
    const found = await rows<{ normalized: string; word: string }>(sql`
      SELECT q.normalized, w.value AS word, count(*) AS n
      FROM questions q, ${portable.jsonTextElements("q.unmatched_words", "w")}
      WHERE ${inPeriod("q")} AND ${condition}
      GROUP BY q.normalized, w.value ORDER BY q.normalized, count(*) DESC, w.value`);
    const words = new Map<string, string[]>();
    for (const row of found) {
      const list = words.get(row.normalized) ?? [];
      if (list.length < WORDS_PER_GROUP) list.push(row.word);
      words.set(row.normalized, list);
    }
    return words;
  };

  // Each group's example is its latest question.
  const unansweredWords = await wordsOf(noMatch("q"));
  const unanswered = (
    await rows<{ normalized: string; question: string; count: unknown; users: unknown; last: string }>(sql`
      SELECT g.normalized, g.count, g.users, g.last,
        (SELECT e.question FROM questions e
          WHERE e.normalized = g.normalized AND ${noMatch("e")} AND e.asked_at = g.last LIMIT 1) AS question
      FROM (
        SELECT q.normalized, max(q.asked_at) AS last, count(*) AS count, count(DISTINCT q.user_hash) AS users
        FROM questions q WHERE ${inPeriod("q")} AND ${noMatch("q")}
        GROUP BY q.normalized ORDER BY count(*) DESC, max(q.asked_at) DESC, q.normalized LIMIT ${limit}
      ) g
      ORDER BY g.count DESC, g.last DESC, g.normalized`)
  ).map((row) => ({
    question: row.question,
    count: n(row.count),
    users: n(row.users),
    unmatchedWords: unansweredWords.get(row.normalized) ?? [],
    lastAskedAt: row.last,
  }));

  const weakWords = await wordsOf(weak("q"));
  const weakMatches = (
    await rows<{
      normalized: string;
      question: string;
      projectIds: string;
      count: unknown;
      strength: unknown;
    }>(sql`
      SELECT g.normalized, g.count, g.strength,
        (SELECT e.question FROM questions e
          WHERE e.normalized = g.normalized AND ${weak("e")} AND e.asked_at = g.last LIMIT 1) AS question,
        (SELECT e.project_ids FROM questions e
          WHERE e.normalized = g.normalized AND ${weak("e")} AND e.asked_at = g.last LIMIT 1) AS "projectIds"
      FROM (
        SELECT q.normalized, max(q.asked_at) AS last, count(*) AS count, avg(q.match_strength) AS strength
        FROM questions q WHERE ${inPeriod("q")} AND ${weak("q")}
        GROUP BY q.normalized ORDER BY count(*) DESC, avg(q.match_strength) ASC, q.normalized LIMIT ${limit}
      ) g
      ORDER BY g.count DESC, g.strength ASC, g.normalized`)
  ).map((row) => ({
    question: row.question,
    count: n(row.count),
    projectId: (JSON.parse(row.projectIds) as string[])[0] ?? null,
    matchStrength: Math.round(n(row.strength) * 100) / 100,
    unmatchedWords: weakWords.get(row.normalized) ?? [],
  }));

  const feedbackByProject = (
    await rows<{ projectId: string; yes: unknown; no: unknown }>(sql`
      SELECT p.value AS "projectId", sum(f.resolved) AS yes, sum(1 - f.resolved) AS no
      FROM feedback f JOIN questions q ON q.id = f.question_id,
        ${portable.jsonTextElements("q.project_ids", "p")}
      WHERE ${inPeriod("q")}
      GROUP BY p.value ORDER BY sum(f.resolved) * 1.0 / count(*) ASC, sum(1 - f.resolved) DESC, p.value
      LIMIT ${limit}`)
  ).map((row) => {
    const yes = n(row.yes);
    const no = n(row.no);
    return { projectId: row.projectId, yes, no, yesRate: Math.round((yes / (yes + no)) * 100) / 100 };
  });

  const topProjects = (
    await rows<{ projectId: string; count: unknown }>(sql`
      SELECT p.value AS "projectId", count(*) AS count
      FROM questions q, ${portable.jsonTextElements("q.project_ids", "p")} WHERE ${inPeriod("q")}
      GROUP BY p.value ORDER BY count(*) DESC, p.value LIMIT ${limit}`)
  ).map((row) => ({ projectId: row.projectId, count: n(row.count) }));

  const byDay = (
    await rows<{ day: string; questions: unknown; users: unknown }>(sql`
      SELECT ${portable.japanDay("q.asked_at")} AS day, count(*) AS questions,
        count(DISTINCT q.user_hash) AS users
      FROM questions q WHERE ${inPeriod("q")} GROUP BY 1 ORDER BY 1`)
  ).map((row) => ({ day: row.day, questions: n(row.questions), users: n(row.users) }));

  const byHour = (
    await rows<{ hour: unknown; questions: unknown }>(sql`
      SELECT ${portable.japanHour("q.asked_at")} AS hour, count(*) AS questions
      FROM questions q WHERE ${inPeriod("q")} GROUP BY 1 ORDER BY 1`)
  ).map((row) => ({ hour: n(row.hour), questions: n(row.questions) }));

  const byKind = (
    await rows<{ kind: string; count: unknown }>(sql`
      SELECT q.answer_kind AS kind, count(*) AS count FROM questions q WHERE ${inPeriod("q")}
      GROUP BY q.answer_kind ORDER BY count(*) DESC, q.answer_kind`)
  ).map((row) => ({ kind: row.kind, count: n(row.count) }));

  return {
    period: {
      since: options.since?.toISOString() ?? null,
      until: options.until?.toISOString() ?? null,
      timeZone: REPORT_TIME_ZONE,
    },
    totals: {
      questions: n(totals?.questions),
      unanswered: n(totals?.unanswered),
      weak: n(totals?.weak),
      users: n(totals?.users),
      replies: { delivered: n(totals?.delivered), failed: n(totals?.failed) },
      feedback: { yes: n(feedback?.yes), no: n(feedback?.no) },
      followUps: { count: n(followUps?.count), unanswered: n(followUps?.unanswered) },
    },
    unanswered,
    weakMatches,
    feedbackByProject,
    topProjects,
    byDay,
    byHour,
    byKind,
  };
}
