import type { Vocabulary } from "./types.js";

/** Every word the plan writes and every reading of one; empty when the vocabulary has no readings. */
export function planWordsOf(vocabulary: Pick<Vocabulary, "planReadings">): Set<string> {
  const words = new Set<string>();
  for (const [reading, written] of Object.entries(vocabulary.planReadings ?? {})) {
    words.add(reading);
    for (const word of written) words.add(word);
  }
  return words;
}
