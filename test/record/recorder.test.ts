import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Database, openDatabase, sql } from "../../src/db/index.js";
import {
  type AnsweredQuestion,
  type ConversationStore,
  createDatabaseStore,
  createRecorder,
  type RecordBatch,
  startRetention,
} from "../../src/record/index.js";
import { ENGINES } from "../support/databases.js";
import { memoryLogger, questionRecord, removeAll, tempDataDir } from "./support.js";

const dirs: string[] = [];
afterEach(() => removeAll(dirs));

function answered(overrides: Partial<AnsweredQuestion> = {}): AnsweredQuestion {
  const { askedAt: _askedAt, question, normalized: _normalized, ...fields } = questionRecord();
  return { ...fields, text: question, ...overrides };
}

async function count(db: Database, table: "questions" | "feedback"): Promise<number> {
  const row = await db.query
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("recorder", () => {
  it("writes a burst in a few batched transactions on its worker thread, all of it, masked", async () => {
    const db = await openDatabase({ dataDir: await tempDataDir(dirs) });
    const store = createDatabaseStore(db);
    const batches: number[] = [];
    const counting: ConversationStore = {
      ...store,
      write: (batch: RecordBatch) => {
        batches.push(batch.questions.length + batch.feedback.length);
        return store.write(batch);
      },
    };
    const recorder = createRecorder({
      store: counting,
      logger: memoryLogger(),
      batchSize: 500,
      flushIntervalMs: 50,
    });
    for (let i = 0; i < 5000; i++)
      recorder.question(
        answered({
          id: recorder.newQuestionId(),
          text: `電話 090-1234-${String(i).padStart(4, "0")} 防災訓練`,
        }),
      );
    // Queuing does no I/O: nothing is written until the event loop turns.
    expect(batches).toEqual([]);
    await recorder.close();
    expect(batches.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(batches.length).toBe(10);
    const { rows } = await sql<{ n: number; raw: number }>`
      SELECT count(*) AS n, sum(question LIKE '%090%') AS raw FROM questions`.execute(db.query);
    expect(rows).toEqual([{ n: 5000, raw: 0 }]);
    expect(recorder.stats()).toMatchObject({ pending: 0, written: 5000, dropped: 0 });
    await store.close();
  });

  it("a process writing through the worker thread ends normally once the store is closed", async () => {
    const dataDir = await tempDataDir(dirs);
    const records = path.resolve(import.meta.dirname, "../../src/record/index.ts");
    const databases = path.resolve(import.meta.dirname, "../../src/db/index.ts");
    const script = `
      import { createDatabaseStore } from ${JSON.stringify(records)};
      import { openDatabase } from ${JSON.stringify(databases)};
      const store = createDatabaseStore(await openDatabase({ dataDir: ${JSON.stringify(dataDir)} }));
      await store.write({ questions: [], feedback: [] });
      await store.close();
      console.log("closed");`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(child.stderr).toBe("");
    expect([child.status, child.stdout.trim()]).toEqual([0, "closed"]);
  });

  it("writes on its timer without being asked", async () => {
    const db = await openDatabase(":memory:");
    const recorder = createRecorder({
      store: createDatabaseStore(db),
      logger: memoryLogger(),
      flushIntervalMs: 20,
    });
    recorder.question(answered());
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await count(db, "questions")).toBe(1);
    await recorder.close();
  });

  it("keeps memory bounded when the store is slow: drops past the cap, counts and logs it", async () => {
    const written: number[] = [];
    let release = () => {};
    const slow: ConversationStore = {
      ...createDatabaseStore(await openDatabase(":memory:")),
      write: (batch) =>
        new Promise<void>((resolve) => {
          release = () => {
            written.push(batch.questions.length);
            resolve();
          };
        }),
    };
    const logger = memoryLogger();
    const recorder = createRecorder({
      store: slow,
      logger,
      batchSize: 10,
      flushIntervalMs: 10,
      maxPending: 100,
    });
    for (let i = 0; i < 250; i++) recorder.question(answered({ id: recorder.newQuestionId() }));
    expect(recorder.stats().pending).toBe(100);
    expect(recorder.stats().dropped).toBe(150);
    const flushing = recorder.flush();
    for (let i = 0; i < 20 && written.reduce((a, b) => a + b, 0) < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      release();
    }
    await flushing;
    expect(written.reduce((a, b) => a + b, 0)).toBe(100);
    const warning = logger.lines.find((l) => l.message.includes("dropped"));
    expect(warning?.object).toMatchObject({ dropped: 150 });
    await recorder.close();
  });

  it("finds a question and its feedback before and after they are written; one feedback per question", async () => {
    const db = await openDatabase(":memory:");
    const recorder = createRecorder({ store: createDatabaseStore(db), logger: memoryLogger() });
    const id = recorder.newQuestionId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    recorder.question(answered({ id, userHash: "u1" }));
    expect(await recorder.findQuestion(id)).toMatchObject({ id, userHash: "u1", feedback: null });
    expect(recorder.feedback(id, false)).toBe(true);
    expect(recorder.feedback(id, true)).toBe(false);
    expect(await recorder.findQuestion(id)).toMatchObject({ feedback: false });
    await recorder.flush();
    expect(await recorder.findQuestion(id)).toMatchObject({ id, feedback: false, projectIds: ["2-1-2-1"] });
    expect(await recorder.findQuestion("nosuchquestion00")).toBeNull();
    // Feedback for a question not written (yet: another replica's batch) is kept until it expires.
    recorder.feedback("nosuchquestion00", true);
    await recorder.close();
    expect(await count(db, "feedback")).toBe(2);
  });
});

describe.each(ENGINES)("record store on $name", (engine) => {
  it("writes a batch once: a question written again and a second feedback change nothing", async () => {
    const db = await engine.open();
    const store = createDatabaseStore(db);
    const question = questionRecord({ unmatchedWords: ["ごみ"], matchStrength: 0.5 });
    const batch = {
      questions: [question],
      feedback: [{ questionId: question.id, answeredAt: question.askedAt, resolved: true }],
    };
    await store.write(batch);
    await store.write({
      questions: [{ ...question, question: "changed" }],
      feedback: [{ questionId: question.id, answeredAt: question.askedAt, resolved: false }],
    });
    expect(await store.findQuestion(question.id)).toEqual({
      id: question.id,
      askedAt: question.askedAt,
      userHash: question.userHash,
      projectIds: question.projectIds,
      shownIds: question.shownIds,
      feedbackOffered: true,
      feedback: true,
    });
    expect([await count(db, "questions"), await count(db, "feedback")]).toEqual([1, 1]);
    await store.close();
  });

  it("writes the largest batch the recorder hands it (500 questions) in one go", async () => {
    const db = await engine.open();
    const store = createDatabaseStore(db);
    await store.write({ questions: Array.from({ length: 500 }, () => questionRecord()), feedback: [] });
    expect(await count(db, "questions")).toBe(500);
    await store.close();
  });

  it("deletes records past the period at start and on its timer, with their feedback", async () => {
    const db = await engine.open();
    const store = createDatabaseStore(db);
    const now = new Date("2026-11-29T00:00:00Z");
    const old = questionRecord({ askedAt: new Date("2026-05-01T00:00:00Z") });
    const recent = questionRecord({ askedAt: new Date("2026-11-01T00:00:00Z") });
    await store.write({
      questions: [old, recent],
      feedback: [{ questionId: old.id, answeredAt: old.askedAt, resolved: true }],
    });
    const logger = memoryLogger();
    const retention = startRetention({ store, logger, days: 180, now: () => now, intervalMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    retention.stop();
    expect(await db.query.selectFrom("questions").select("id").execute()).toEqual([{ id: recent.id }]);
    expect(await count(db, "feedback")).toBe(0);
    expect(logger.lines.some((l) => l.message.includes("retention"))).toBe(true);
    expect(await retention.runOnce()).toBe(0);
    await store.close();
  });

  it("deletes in chunks: thousands of old records all go", async () => {
    const db = await engine.open();
    const store = createDatabaseStore(db);
    const old = new Date("2026-01-01T00:00:00Z");
    await store.write({
      questions: Array.from({ length: 2500 }, () => questionRecord({ askedAt: old })),
      feedback: [],
    });
    expect(await store.deleteOlderThan(new Date("2026-06-01T00:00:00Z"))).toBe(2500);
    expect(await count(db, "questions")).toBe(0);
    await store.close();
  });

  it("deletes one user's records", async () => {
    const store = createDatabaseStore(await engine.open());
    await store.write({
      questions: [
        questionRecord({ userHash: "a" }),
        questionRecord({ userHash: "a" }),
        questionRecord({ userHash: "b" }),
      ],
      feedback: [],
    });
    expect(await store.deleteUser("a")).toBe(2);
    const report = await store.report({ since: null, until: null });
    expect(report.totals).toMatchObject({ questions: 1, users: 1 });
    await store.close();
  });
});
