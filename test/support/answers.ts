// The seed edition with an answerer over it, and a typed check of an answer's kind.
import { expect } from "vitest";
import { type Answer, type Answerer, createAnswerer } from "../../src/answer/index.js";
import type { IndexedEdition } from "../../src/index/index.js";
import { getTokenizer } from "../../src/nlp/index.js";
import { seedEdition } from "../eval/pipeline.js";

export async function seedAnswerer(): Promise<{ edition: IndexedEdition; answerer: Answerer }> {
  const edition = await seedEdition();
  const answerer = createAnswerer({ live: { current: () => edition }, tokenizer: await getTokenizer() });
  return { edition, answerer };
}

/** The answer as the kind expected; fails the test when it is another kind. */
export function answerOfKind<K extends Answer["kind"]>(
  answer: Answer,
  kind: K,
): Extract<Answer, { kind: K }> {
  expect(answer.kind).toBe(kind);
  return answer as Extract<Answer, { kind: K }>;
}
