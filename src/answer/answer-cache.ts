import type { Answer } from "./types.js";

/**
 * The latest answers of one edition, by question text. Citizens ask the same few things again and
 * again (after a newsletter, a news item); an edition never changes, so its answers don't either.
 * Least recently used entries go first.
 */
export interface AnswerCache {
  get(question: string): Answer | undefined;
  set(question: string, answer: Answer): void;
}

export function createAnswerCache(maxEntries: number): AnswerCache {
  const entries = new Map<string, Answer>();
  return {
    get(question) {
      const answer = entries.get(question);
      if (answer !== undefined) {
        entries.delete(question);
        entries.set(question, answer);
      }
      return answer;
    },
    set(question, answer) {
      if (maxEntries <= 0) return;
      entries.delete(question);
      entries.set(question, answer);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
  };
}
