// Plan words a misspelt word most likely means: same reading (景観条令 → 景観条例), or one or two
// characters off in its reading or writing (防災訓連 → 防災訓練, タウンミーテング → タウンミーティング).
import { toKatakana } from "./normalize.js";

/** Words shorter than this have too many neighbours to guess from. */
const MIN_LENGTH = 4;
/** From this length on, two edits are allowed. */
const TWO_EDITS_FROM = 8;
/** More equally close candidates than this: the guess is too uncertain to use. */
const MAX_CANDIDATES = 3;
const CACHE_SIZE = 2000;

export interface FuzzyMatcher {
  /** Plan words for a word the plan does not contain; empty when nothing is close enough. */
  candidates(surface: string, reading: string | null): string[];
}

function allowedEdits(length: number): number {
  if (length < MIN_LENGTH) return 0;
  return length >= TWO_EDITS_FROM ? 2 : 1;
}

/** Levenshtein distance when at most `limit`, else limit + 1; banded, so O(length × limit). */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(limit + 1);
    current[0] = i;
    let rowBest = current[0];
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    for (let j = from; j <= to; j++) {
      const substitute = (previous[j - 1] ?? limit + 1) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const remove = (previous[j] ?? limit + 1) + 1;
      const insert = (current[j - 1] ?? limit + 1) + 1;
      const value = Math.min(substitute, remove, insert);
      current[j] = value;
      if (value < rowBest) rowBest = value;
    }
    if (rowBest > limit) return limit + 1;
    previous = current;
  }
  return Math.min(previous[b.length] ?? limit + 1, limit + 1);
}

/** Keys grouped by length, so a lookup compares only keys within reach. */
function byLength(keys: Iterable<string>): Map<number, string[]> {
  const buckets = new Map<number, string[]>();
  for (const key of keys) buckets.set(key.length, [...(buckets.get(key.length) ?? []), key]);
  return buckets;
}

function closest(wanted: string, buckets: Map<number, string[]>): { keys: string[]; distance: number } {
  const limit = allowedEdits(wanted.length);
  let best = { keys: [] as string[], distance: limit + 1 };
  if (limit === 0) return best;
  for (let length = wanted.length - limit; length <= wanted.length + limit; length++) {
    for (const key of buckets.get(length) ?? []) {
      const distance = boundedEditDistance(wanted, key, Math.min(limit, best.distance));
      if (distance < best.distance) best = { keys: [key], distance };
      else if (distance === best.distance && distance <= limit) best.keys.push(key);
    }
  }
  return best;
}

/** planReadings: katakana reading → the plan's words read so. */
export function createFuzzyMatcher(planReadings: ReadonlyMap<string, readonly string[]>): FuzzyMatcher {
  const written = new Set<string>();
  for (const words of planReadings.values()) for (const word of words) written.add(word);
  const readingBuckets = byLength(planReadings.keys());
  const writtenBuckets = byLength(written);
  const cache = new Map<string, string[]>();

  function compute(surface: string, reading: string | null): string[] {
    const katakana = reading ?? toKatakana(surface);
    const same = planReadings.get(katakana);
    if (same && katakana.length >= MIN_LENGTH) return [...same];
    const byReading = closest(katakana, readingBuckets);
    const byWriting = closest(surface, writtenBuckets);
    const found = new Set<string>();
    // The closer kind of evidence wins; equally close, both count.
    if (byReading.distance <= byWriting.distance)
      for (const key of byReading.keys) for (const word of planReadings.get(key) ?? []) found.add(word);
    if (byWriting.distance <= byReading.distance) for (const word of byWriting.keys) found.add(word);
    return found.size <= MAX_CANDIDATES ? [...found] : [];
  }

  return {
    candidates(surface, reading) {
      const key = `${surface}\u0000${reading ?? ""}`;
      let found = cache.get(key);
      if (!found) {
        found = compute(surface, reading);
        if (cache.size < CACHE_SIZE) cache.set(key, found);
      }
      return found;
    },
  };
}
