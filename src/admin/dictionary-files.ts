// The staff dictionaries as the console edits them: read, validated as the CLI validates them,
// written atomically, then applied to the live edition.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../editions/index.js";
import {
  DEPARTMENT_ALIASES_FILE,
  type DictionaryIssue,
  parseDepartmentAliases,
  parseSynonyms,
  SYNONYMS_FILE,
} from "../index/index.js";

export interface DictionaryTexts {
  synonyms: string;
  departmentAliases: string;
}

export type DictionarySave =
  | { ok: true; changed: string[] }
  | { ok: false; issues: DictionaryIssue[] }
  /** Written, but the live edition could not be rebuilt with them. */
  | { ok: false; issues: []; applyError: string };

export interface DictionaryFiles {
  read(): Promise<DictionaryTexts>;
  save(texts: DictionaryTexts): Promise<DictionarySave>;
}

export const MAX_DICTIONARY_BYTES = 512 * 1024;

async function readOptional(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw error;
  }
}

/** Line endings as the files keep them. */
const normalize = (text: string) => text.replace(/\r\n?/g, "\n");

export function createDictionaryFiles(deps: {
  indexDataDir: string;
  /** Rebuilds the live edition with the dictionaries just written. */
  apply: () => Promise<void>;
}): DictionaryFiles {
  const files = {
    synonyms: path.join(deps.indexDataDir, SYNONYMS_FILE),
    departmentAliases: path.join(deps.indexDataDir, DEPARTMENT_ALIASES_FILE),
  };
  let saving: Promise<unknown> = Promise.resolve();

  async function read(): Promise<DictionaryTexts> {
    const [synonyms, departmentAliases] = await Promise.all([
      readOptional(files.synonyms),
      readOptional(files.departmentAliases),
    ]);
    return { synonyms, departmentAliases };
  }

  async function save(texts: DictionaryTexts): Promise<DictionarySave> {
    const next = {
      synonyms: normalize(texts.synonyms),
      departmentAliases: normalize(texts.departmentAliases),
    };
    const issues = [
      ...parseSynonyms(next.synonyms).issues,
      ...parseDepartmentAliases(next.departmentAliases).issues,
    ];
    if (issues.length > 0) return { ok: false, issues };
    const current = await read();
    const changed: string[] = [];
    for (const key of ["synonyms", "departmentAliases"] as const) {
      if (normalize(current[key]) === next[key]) continue;
      await writeFileAtomic(files[key], next[key]);
      changed.push(path.basename(files[key]));
    }
    if (changed.length === 0) return { ok: true, changed };
    try {
      await deps.apply();
    } catch (error) {
      return { ok: false, issues: [], applyError: (error as Error).message };
    }
    return { ok: true, changed };
  }

  return {
    read,
    // One save at a time: two staff saving at once must not interleave their files.
    save(texts) {
      const result = saving.then(() => save(texts));
      saving = result.catch(() => {});
      return result;
    },
  };
}
