import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConversationStore,
  createDatabaseStore,
  type FeedbackRecord,
  type QuestionRecord,
  reportToCsv,
} from "../../src/record/index.js";
import { ENGINES, type EngineUnderTest } from "../support/databases.js";
import { questionRecord } from "./support.js";

/** A week of questions: known counts for every section. Times are UTC; days in the report are JST. */
async function seeded(engine: EngineUnderTest): Promise<ConversationStore> {
  const store = createDatabaseStore(await engine.open());
  const at = (iso: string) => new Date(iso);
  const questions: QuestionRecord[] = [
    // 2026-11-02 JST 10:00, three users about 2-1-2-1
    questionRecord({ id: "p1", askedAt: at("2026-11-02T01:00:00Z"), userHash: "u1" }),
    questionRecord({ id: "p2", askedAt: at("2026-11-02T01:30:00Z"), userHash: "u2" }),
    // A follow-up answered about the previous answer.
    questionRecord({ id: "p3", askedAt: at("2026-11-02T02:00:00Z"), userHash: "u3", followUp: true }),
    // 2026-11-02 JST 23:30 (UTC 14:30): about 1-1-1-1, a weak match
    questionRecord({
      id: "w1",
      askedAt: at("2026-11-02T14:30:00Z"),
      userHash: "u1",
      question: "景観の写真コンテストは？",
      normalized: "景観の写真コンテストは",
      projectIds: ["1-1-1-1"],
      shownIds: ["1-1-1-1"],
      matchStrength: 0.6,
      unmatchedWords: ["コンテスト"],
    }),
    // 2026-11-03 JST 00:10 (UTC 11-02 15:10): unanswered, asked twice in two spellings
    questionRecord({
      id: "n1",
      askedAt: at("2026-11-02T15:10:00Z"),
      userHash: "u2",
      question: "ごみ収集カレンダーは？",
      normalized: "ごみ収集カレンダーは",
      answerKind: "no-match",
      projectIds: [],
      shownIds: [],
      matchStrength: null,
      unmatchedWords: ["ごみ", "カレンダー"],
      feedbackOffered: false,
    }),
    questionRecord({
      id: "n2",
      askedAt: at("2026-11-03T03:00:00Z"),
      userHash: "u4",
      question: "ごみ収集カレンダーは?",
      normalized: "ごみ収集カレンダーは",
      answerKind: "no-match",
      projectIds: [],
      shownIds: [],
      matchStrength: null,
      unmatchedWords: ["カレンダー"],
      feedbackOffered: false,
    }),
    questionRecord({
      id: "n3",
      askedAt: at("2026-11-03T04:00:00Z"),
      userHash: "u4",
      question: "電話番号は［電話番号］ですか",
      normalized: "電話番号は電話番号ですか",
      answerKind: "no-match",
      projectIds: [],
      shownIds: [],
      matchStrength: null,
      unmatchedWords: ["電話番号"],
      feedbackOffered: false,
      // Read as a follow-up, with no previous answer remembered.
      followUp: true,
    }),
    questionRecord({
      id: "c1",
      askedAt: at("2026-11-03T05:00:00Z"),
      userHash: "u4",
      answerKind: "canned",
      projectIds: [],
      shownIds: [],
      matchStrength: null,
      feedbackOffered: false,
    }),
    // Outside a --since 2026-11-02 period
    questionRecord({ id: "old", askedAt: at("2026-10-20T00:00:00Z"), userHash: "u9" }),
  ];
  const feedback: FeedbackRecord[] = [
    { questionId: "p1", answeredAt: at("2026-11-02T01:01:00Z"), resolved: true },
    { questionId: "p2", answeredAt: at("2026-11-02T01:31:00Z"), resolved: false },
    { questionId: "p3", answeredAt: at("2026-11-02T02:01:00Z"), resolved: true },
    { questionId: "w1", answeredAt: at("2026-11-02T14:31:00Z"), resolved: false },
  ];
  await store.write({ questions, feedback });
  return store;
}

const period = { since: new Date("2026-11-01T15:00:00Z"), until: new Date("2026-11-03T15:00:00Z") };

describe.each(ENGINES)("reports on $name", (engine) => {
  let store: ConversationStore;
  beforeAll(async () => {
    store = await seeded(engine);
  });
  afterAll(() => store.close());

  it("totals: questions, unanswered, distinct users, feedback, follow-ups", async () => {
    const report = await store.report(period);
    expect(report.totals).toEqual({
      questions: 8,
      unanswered: 3,
      weak: 1,
      users: 4,
      replies: { delivered: 8, failed: 0 },
      feedback: { yes: 2, no: 2 },
      followUps: { count: 2, unanswered: 1 },
    });
    const all = await store.report({ since: null, until: null });
    expect(all.totals.questions).toBe(9);
  });

  it("unanswered questions grouped by normalized form, most frequent first, with the words that matched nothing", async () => {
    const { unanswered } = await store.report(period);
    expect(unanswered.map(({ question, count, users }) => ({ question, count, users }))).toEqual([
      { question: "ごみ収集カレンダーは?", count: 2, users: 2 },
      { question: "電話番号は［電話番号］ですか", count: 1, users: 1 },
    ]);
    expect(unanswered[0]?.unmatchedWords).toEqual(["カレンダー", "ごみ"]);
  });

  it("weak matches, with the project shown and its strength", async () => {
    const { weakMatches } = await store.report(period);
    expect(weakMatches).toEqual([
      {
        question: "景観の写真コンテストは？",
        count: 1,
        projectId: "1-1-1-1",
        matchStrength: 0.6,
        unmatchedWords: ["コンテスト"],
      },
    ]);
  });

  it("feedback per project, worst first; most asked projects", async () => {
    const report = await store.report(period);
    expect(report.feedbackByProject).toEqual([
      { projectId: "1-1-1-1", yes: 0, no: 1, yesRate: 0 },
      { projectId: "2-1-2-1", yes: 2, no: 1, yesRate: 0.67 },
    ]);
    expect(report.topProjects).toEqual([
      { projectId: "2-1-2-1", count: 3 },
      { projectId: "1-1-1-1", count: 1 },
    ]);
  });

  it("usage by Japan day and hour, distinct users per day", async () => {
    const report = await store.report(period);
    expect(report.byDay).toEqual([
      { day: "2026-11-02", questions: 4, users: 3 },
      { day: "2026-11-03", questions: 4, users: 2 },
    ]);
    expect(report.byHour).toEqual([
      { hour: 0, questions: 1 },
      { hour: 10, questions: 2 },
      { hour: 11, questions: 1 },
      { hour: 12, questions: 1 },
      { hour: 13, questions: 1 },
      { hour: 14, questions: 1 },
      { hour: 23, questions: 1 },
    ]);
    expect(report.byKind).toEqual([
      { kind: "project", count: 4 },
      { kind: "no-match", count: 3 },
      { kind: "canned", count: 1 },
    ]);
  });

  it("CSV: UTF-8 with BOM, CRLF, quoted where needed; one section alone is a plain table", async () => {
    const report = await store.report(period);
    const csv = reportToCsv(report);
    expect(
      csv.startsWith(
        "\uFEFF# totals\r\nquestions,unanswered,weak,users,replies_delivered,replies_failed,feedback_yes,feedback_no,follow_ups,follow_ups_unanswered\r\n8,3,1,4,8,0,2,2,2,1\r\n",
      ),
    ).toBe(true);
    expect(csv).toContain(
      "\r\n# unanswered\r\nquestion,count,users,unmatched_words,last_asked_at\r\nごみ収集カレンダーは?,2,2,カレンダー ごみ,",
    );
    const one = reportToCsv({ ...report, topProjects: [{ projectId: 'a,"b"', count: 1 }] }, "topProjects");
    expect(one).toBe('\uFEFFproject_id,count\r\n"a,""b""",1\r\n');
  });
});
