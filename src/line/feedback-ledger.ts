// The questions that asked 「解決しましたか？」, in shared state for every replica: a tap may reach another
// replica before the record (written in batches, off the reply path) has the question, or reach two
// replicas at once. The record stays what is kept; this only bridges the moments in between.
import type { AskedQuestion } from "../record/index.js";
import type { KeyStore } from "../state/index.js";
import { FEEDBACK_WINDOW_MS } from "./feedback.js";

/** Long enough for the record to have written the question. */
const OFFERED_TTL_MS = 10 * 60_000;
/** A taken answer is remembered as long as the buttons work. */
const ANSWERED_TTL_MS = FEEDBACK_WINDOW_MS + 86_400_000;

export interface FeedbackLedger {
  /** Remembers a question whose reply carries はい / いいえ; call it before the reply goes out. */
  offered(question: AskedQuestion): Promise<void>;
  /** A question offered in the last minutes, from any replica. */
  find(questionId: string): Promise<AskedQuestion | null>;
  /** True for the first answer to a question, whichever replica it reached. */
  claim(questionId: string): Promise<boolean>;
}

interface Stored {
  askedAt: string;
  userHash: string | null;
  projectIds: string[];
  shownIds: string[];
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

function decode(questionId: string, text: string): AskedQuestion | null {
  let value: Partial<Stored>;
  try {
    value = JSON.parse(text) as Partial<Stored>;
  } catch {
    return null;
  }
  const askedAt = new Date(String(value.askedAt));
  if (Number.isNaN(askedAt.getTime()) || !isStrings(value.projectIds) || !isStrings(value.shownIds))
    return null;
  if (value.userHash !== null && typeof value.userHash !== "string") return null;
  return {
    id: questionId,
    askedAt,
    userHash: value.userHash,
    projectIds: value.projectIds,
    shownIds: value.shownIds,
    feedbackOffered: true,
    feedback: null,
  };
}

export function createFeedbackLedger(keys: KeyStore): FeedbackLedger {
  return {
    async offered(question) {
      const stored: Stored = {
        askedAt: question.askedAt.toISOString(),
        userHash: question.userHash,
        projectIds: question.projectIds,
        shownIds: question.shownIds,
      };
      await keys.set(`feedback-offered:${question.id}`, JSON.stringify(stored), OFFERED_TTL_MS);
    },
    async find(questionId) {
      const text = await keys.get(`feedback-offered:${questionId}`);
      return text === null ? null : decode(questionId, text);
    },
    claim: (questionId) => keys.setIfAbsent(`feedback-answered:${questionId}`, "1", ANSWERED_TTL_MS),
  };
}
