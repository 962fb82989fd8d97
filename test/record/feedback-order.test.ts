// Replicas share one database and each batches its writes: a 「解決しましたか？」 tap that reaches another
// replica can be written before the answering replica writes the question. Nothing may be lost.
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/index.js";
import {
  createDatabaseStore,
  type FeedbackRecord,
  type QuestionRecord,
  startRetention,
} from "../../src/record/index.js";
import { ENGINES } from "../support/databases.js";
import { memoryLogger, questionRecord } from "./support.js";

function tap(question: QuestionRecord, resolved: boolean, answeredAt = question.askedAt): FeedbackRecord {
  return { questionId: question.id, answeredAt, resolved };
}

async function feedbackRows(db: Database): Promise<number> {
  const row = await db.query
    .selectFrom("feedback")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(ENGINES)("feedback written before its question on $name", (engine) => {
  it("is kept and counted once when the question arrives", async () => {
    const db = await engine.open();
    const tapped = createDatabaseStore(db);
    const answering = createDatabaseStore(db);
    const yes = questionRecord();
    const no = questionRecord();
    await tapped.write({ questions: [], feedback: [tap(yes, true), tap(no, false)] });
    expect(await tapped.findQuestion(yes.id)).toBeNull();
    expect((await tapped.report({ since: null, until: null })).totals.feedback).toEqual({ yes: 0, no: 0 });
    // A second tap on the same question (another replica again) changes nothing.
    await tapped.write({ questions: [], feedback: [tap(yes, false)] });

    await answering.write({ questions: [yes, no], feedback: [] });
    expect(await answering.findQuestion(yes.id)).toMatchObject({ id: yes.id, feedback: true });
    expect(await answering.findQuestion(no.id)).toMatchObject({ id: no.id, feedback: false });
    const report = await answering.report({ since: null, until: null });
    expect(report.totals.feedback).toEqual({ yes: 1, no: 1 });
    expect(report.feedbackByProject).toEqual([{ projectId: "2-1-2-1", yes: 1, no: 1, yesRate: 0.5 }]);
    await tapped.close();
  });

  it("expires after a day when its question never arrives; matched feedback stays", async () => {
    const db = await engine.open();
    const store = createDatabaseStore(db);
    const now = new Date("2026-11-29T00:00:00Z");
    const dayAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    const kept = questionRecord({ askedAt: dayAgo(48) });
    const lost = questionRecord();
    const late = questionRecord();
    await store.write({
      questions: [kept],
      feedback: [tap(kept, true, dayAgo(47)), tap(lost, true, dayAgo(25)), tap(late, false, dayAgo(23))],
    });
    expect(await store.expireUnmatchedFeedback(dayAgo(24))).toBe(1);
    expect(await feedbackRows(db)).toBe(2);
    await store.write({ questions: [late], feedback: [] });
    expect(await store.findQuestion(late.id)).toMatchObject({ feedback: false });
    expect(await store.findQuestion(kept.id)).toMatchObject({ feedback: true });
    // Retention expires it on its daily run.
    await store.write({ questions: [], feedback: [tap(lost, false, dayAgo(30))] });
    const retention = startRetention({ store, logger: memoryLogger(), days: 180, now: () => now });
    retention.stop();
    await retention.runOnce();
    expect(await feedbackRows(db)).toBe(2);
    await store.close();
  });

  it("deleting a user's or old questions deletes their feedback too", async () => {
    const db = await engine.open();
    const store = createDatabaseStore(db);
    const mine = questionRecord({ userHash: "a" });
    const old = questionRecord({ userHash: "b", askedAt: new Date("2026-01-01T00:00:00Z") });
    const other = questionRecord({ userHash: "b" });
    await store.write({
      questions: [mine, old, other],
      feedback: [tap(mine, true), tap(old, true), tap(other, false)],
    });
    expect(await store.deleteUser("a")).toBe(1);
    expect(await store.deleteOlderThan(new Date("2026-06-01T00:00:00Z"))).toBe(1);
    expect(await db.query.selectFrom("feedback").select("question_id").execute()).toEqual([
      { question_id: other.id },
    ]);
    await store.close();
  });
});
