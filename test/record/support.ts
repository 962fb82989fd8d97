// Seeding the record database for tests.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { QuestionRecord } from "../../src/record/index.js";

let sequence = 0;

export function questionRecord(overrides: Partial<QuestionRecord> = {}): QuestionRecord {
  sequence += 1;
  return {
    id: `q${String(sequence).padStart(15, "0")}`,
    askedAt: new Date("2026-11-02T01:00:00Z"),
    userHash: "aaaaaaaaaaaaaaaa",
    chat: "user",
    question: "防災訓練は実施された？",
    normalized: "防災訓練は実施された",
    answerKind: "project",
    projectIds: ["2-1-2-1"],
    shownIds: ["2-1-2-1"],
    matchStrength: 1,
    unmatchedWords: [],
    edition: "平成30年7月",
    latencyMs: 3.2,
    replyDelivered: true,
    feedbackOffered: true,
    followUp: false,
    ...overrides,
  };
}

export async function tempDataDir(dirs: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "record-"));
  dirs.push(dir);
  return dir;
}

export async function removeAll(dirs: string[]): Promise<void> {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
}

/** Collects log calls. */
export function memoryLogger() {
  const lines: { level: string; object: object; message: string }[] = [];
  const at = (level: string) => (object: object, message: string) => lines.push({ level, object, message });
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}
