// The Sudachi base layer of an edition's vocabulary: filtered to the words the edition uses, and
// remembered on disk so that a restart with the same words and dictionary does not parse 14.5 MB again.
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type BaseSynonyms,
  filterSudachiGroups,
  loadSudachiGroups,
  planWordsOf,
  sudachiDictionaryPath,
  sudachiDictionaryVersion,
  type Vocabulary,
} from "../nlp/index.js";

/** node_modules/.cache/shiroi-plan-bot, beside the dictionary package (the usual tool cache place). */
function defaultCacheDir(): string {
  return path.resolve(path.dirname(sudachiDictionaryPath()), "..", ".cache", "shiroi-plan-bot");
}

function cacheKey(words: Set<string>): string {
  const hash = createHash("sha256")
    .update([...words].sort().join("\n"))
    .digest("hex")
    .slice(0, 16);
  return `sudachi-${sudachiDictionaryVersion()}-${hash}.json`;
}

async function readCached(file: string): Promise<BaseSynonyms | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as BaseSynonyms;
  } catch {
    return null;
  }
}

async function writeCached(file: string, layer: BaseSynonyms): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify(layer));
    await rename(temporary, file);
  } catch {
    // A read-only install still works; it parses the dictionary at every start.
  }
}

export interface SudachiLayerOptions {
  /** Where filtered layers are remembered; null turns the cache off. */
  cacheDir?: string | null;
}

/** Sudachi synonyms of the edition's words, for a vocabulary that already has its plan readings. */
export async function sudachiLayerOf(
  vocabulary: Pick<Vocabulary, "planReadings">,
  options: SudachiLayerOptions = {},
): Promise<BaseSynonyms> {
  const words = planWordsOf(vocabulary);
  const dir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  const file = dir === null ? null : path.join(dir, cacheKey(words));
  const cached = file ? await readCached(file) : null;
  if (cached) return cached;
  const layer = filterSudachiGroups(await loadSudachiGroups(), (word) => words.has(word));
  if (file) await writeCached(file, layer);
  return layer;
}

export async function withSudachiLayer(
  vocabulary: Vocabulary,
  options: SudachiLayerOptions = {},
): Promise<Vocabulary> {
  return { ...vocabulary, baseSynonyms: await sudachiLayerOf(vocabulary, options) };
}
