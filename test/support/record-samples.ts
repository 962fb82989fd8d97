// Conversation records as the bot writes them, for console tests and screenshots.
import type { QuestionRecord, RecordBatch } from "../../src/record/index.js";
import { questionRecord } from "../record/support.js";

const DAY_MS = 86_400_000;

export function sampleQuestion(overrides: Partial<QuestionRecord>, daysAgo = 0): QuestionRecord {
  return questionRecord({
    askedAt: new Date(Date.now() - daysAgo * DAY_MS),
    userHash: "u1",
    latencyMs: 5,
    ...overrides,
  });
}

export const UNANSWERED: Partial<QuestionRecord> = {
  answerKind: "no-match",
  projectIds: [],
  shownIds: [],
  matchStrength: null,
};

/** A month of questions: answered ones, unanswered ones by frequency, a weak match, feedback. */
export function sampleMonth(): RecordBatch {
  const questions: QuestionRecord[] = [];
  const feedback: RecordBatch["feedback"] = [];
  for (let day = 0; day < 30; day++) {
    const count = 2 + ((day * 7) % 5);
    for (let i = 0; i < count; i++) {
      const asked = sampleQuestion({ userHash: `u${(day + i) % 9}` }, day);
      questions.push(asked);
      if (i === 0)
        feedback.push({ questionId: asked.id, answeredAt: asked.askedAt, resolved: day % 4 !== 0 });
    }
  }
  const unanswered: [string, string, number][] = [
    ["シェイクアウトは実施された？", "シェイクアウト", 6],
    ["子ども食堂の支援は？", "子ども食堂", 3],
    ["マイナンバーカードの申請は？", "マイナンバーカード", 2],
  ];
  for (const [question, word, times] of unanswered)
    for (let i = 0; i < times; i++)
      questions.push(
        sampleQuestion(
          {
            question,
            normalized: question.replace(/[？?]$/, ""),
            ...UNANSWERED,
            unmatchedWords: [word],
            userHash: `v${i}`,
          },
          i * 3,
        ),
      );
  questions.push(
    sampleQuestion({
      question: "防災のアプリはある？",
      normalized: "防災のアプリはある",
      matchStrength: 0.5,
      unmatchedWords: ["アプリ"],
      projectIds: ["1-3-3-1"],
    }),
  );
  return { questions, feedback };
}
