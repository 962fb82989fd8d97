// The Sudachi base layer of an edition's vocabulary: the dictionary's groups filtered to the words
// the edition uses. reindex computes it once and stores it in the snapshot; starts and reloads read
// it from there. Only an edition without a stored layer (the bundled one, or a snapshot written
// before layers were stored) computes it at load, and remembers it in DATA_DIR, never in node_modules.
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type BaseSynonyms,
  filterSudachiGroups,
  filterSudachiOffThread,
  loadSudachiGroups,
  planWordsOf,
  SUDACHI_PACKAGE,
  sudachiDictionaryPath,
  sudachiDictionaryVersion,
  type Vocabulary,
} from "../nlp/index.js";

/** An edition's Sudachi layer as stored with it, with the dictionary it was filtered from. */
export interface SudachiLayer {
  package: string;
  version: string;
  synonyms: BaseSynonyms;
}

export interface SudachiLayerOptions {
  /** The dictionary's JSON (default: the installed package's). */
  dictionaryPath?: string;
  /** Where a layer computed at load is remembered (DATA_DIR's cache); undefined or null: nowhere. */
  cacheDir?: string | null;
  /** Filter the dictionary on a worker thread (the answering process: a console publish). */
  offThread?: boolean;
}

/** DATA_DIR's folder for layers computed at load. */
export const SUDACHI_CACHE_DIR = "vocabulary-cache";

function cacheFileName(version: string, words: Set<string>): string {
  const hash = createHash("sha256")
    .update([...words].sort().join("\n"))
    .digest("hex")
    .slice(0, 16);
  return `sudachi-${version}-${hash}.json`;
}

function isSudachiLayer(value: unknown): value is SudachiLayer {
  if (typeof value !== "object" || value === null) return false;
  const layer = value as Partial<SudachiLayer>;
  return (
    typeof layer.package === "string" &&
    typeof layer.version === "string" &&
    typeof layer.synonyms === "object" &&
    layer.synonyms !== null &&
    Object.values(layer.synonyms).every(
      (targets) => Array.isArray(targets) && targets.every((t) => typeof t === "string"),
    )
  );
}

export function parseSudachiLayer(value: unknown): SudachiLayer | null {
  return isSudachiLayer(value) ? value : null;
}

async function readCached(file: string): Promise<SudachiLayer | null> {
  try {
    return parseSudachiLayer(JSON.parse(await readFile(file, "utf8")));
  } catch {
    return null;
  }
}

async function writeCached(file: string, layer: SudachiLayer): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify(layer), { mode: 0o600 });
    await rename(temporary, file);
  } catch {
    // A read-only DATA_DIR still serves; the layer is computed again at the next start.
  }
}

/**
 * Filters the dictionary to the words of a vocabulary that already has its plan readings. Parses
 * the whole dictionary (14.5 MB) unless cacheDir already remembers this layer.
 */
export async function computeSudachiLayer(
  vocabulary: Pick<Vocabulary, "planReadings">,
  options: SudachiLayerOptions = {},
): Promise<{ layer: SudachiLayer; cached: boolean }> {
  const dictionaryPath = options.dictionaryPath ?? sudachiDictionaryPath();
  const version = sudachiDictionaryVersion(dictionaryPath);
  const words = planWordsOf(vocabulary);
  const file = options.cacheDir ? path.join(options.cacheDir, cacheFileName(version, words)) : null;
  const cached = file ? await readCached(file) : null;
  if (cached) return { layer: cached, cached: true };
  const synonyms = options.offThread
    ? (await filterSudachiOffThread(dictionaryPath, words)).synonyms
    : filterSudachiGroups(await loadSudachiGroups(dictionaryPath), (word) => words.has(word));
  const layer: SudachiLayer = { package: SUDACHI_PACKAGE, version, synonyms };
  if (file) await writeCached(file, layer);
  return { layer, cached: false };
}
