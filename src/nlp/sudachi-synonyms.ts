// Sudachi's synonym dictionary (npm sudachi-synonyms-dictionary, Apache-2.0) as the base synonym layer.
// Only the groups that touch an edition's words are kept: a question word the plan lacks → the
// plan's words of its group.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { normalizeText } from "./normalize.js";

/** One item of a group as the package ships it (fields we use). */
interface SudachiItem {
  midashi: string;
  /** 0: expands both ways; 1: is expanded to, never triggers; 2: retired, never used. */
  expandControl: 0 | 1 | 2;
  ryakusyou: string;
}

interface SudachiGroup {
  id: string;
  items: SudachiItem[];
}

/** Word a citizen may write (normalized; English lower-case) → the plan's words it stands for. */
export type BaseSynonyms = Record<string, string[]>;

export class SynonymDictionaryError extends Error {
  override readonly name = "SynonymDictionaryError";
  readonly code = "SYNONYM_DICTIONARY_UNREADABLE";
  constructor(message: string, cause: unknown) {
    super(message, { cause });
  }
}

const require = createRequire(import.meta.url);
export const SUDACHI_PACKAGE = "sudachi-synonyms-dictionary";

/** The package exports only its loader, so its files are found beside it. */
function packageDir(): string {
  return path.dirname(require.resolve(SUDACHI_PACKAGE));
}

export function sudachiDictionaryPath(): string {
  return path.join(packageDir(), "sudachi-synonyms-dictionary.json");
}

export function sudachiDictionaryVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(packageDir(), "package.json"), "utf8"));
  return String((manifest as { version?: unknown }).version);
}

/**
 * The whole dictionary, parsed. Callers filter it and let it go: kept, it would hold tens of MB for
 * the life of the process, while the filtered layer is a few hundred words.
 */
export async function loadSudachiGroups(): Promise<SudachiGroup[]> {
  try {
    return JSON.parse(await readFile(sudachiDictionaryPath(), "utf8")) as SudachiGroup[];
  } catch (cause) {
    throw new SynonymDictionaryError("cannot read the Sudachi synonym dictionary", cause);
  }
}

const isAbbreviation = (item: SudachiItem) => item.ryakusyou.startsWith("略語");
/** Short Latin abbreviations (IT, PR, CS) stand for many things: they never lead anywhere. */
const isShortAcronym = (item: SudachiItem) => isAbbreviation(item) && /^[A-Za-z]{1,3}$/.test(item.midashi);
/** One-character forms (市, 課) match nearly everything. */
const MIN_LENGTH = 2;

/**
 * The layer an edition keeps: for each group with a word the plan uses, every other usable form
 * (expandControl 0) leads to the group's plan words; forms that only receive expansion (1) and
 * retired forms (2) never lead anywhere. Abbreviations (略語・略称) lead to full forms, short
 * Latin acronyms lead nowhere.
 */
export function filterSudachiGroups(
  all: readonly SudachiGroup[],
  isPlanWord: (word: string) => boolean,
): BaseSynonyms {
  const layer = new Map<string, Set<string>>();
  for (const group of all) {
    const items = group.items.filter((item) => item.expandControl !== 2);
    const inPlan = items.filter((item) => {
      const word = normalizeText(item.midashi);
      return word.length >= MIN_LENGTH && isPlanWord(word);
    });
    // A full form is the better target; an abbreviation only when the plan has nothing else.
    const full = inPlan.filter((item) => !isAbbreviation(item));
    const planWords = (full.length > 0 ? full : inPlan).map((item) => normalizeText(item.midashi));
    if (planWords.length === 0) continue;
    for (const item of items) {
      if (item.expandControl !== 0 || isShortAcronym(item)) continue;
      const word = normalizeText(item.midashi).toLowerCase();
      if (word.length < MIN_LENGTH || isPlanWord(word)) continue;
      const targets = layer.get(word) ?? new Set<string>();
      for (const target of planWords) targets.add(target);
      layer.set(word, targets);
    }
  }
  return Object.fromEntries([...layer].map(([word, targets]) => [word, [...targets]]));
}
