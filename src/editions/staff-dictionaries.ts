// The staff dictionaries (synonyms, department aliases) as staff edit them: DATA_DIR/dictionaries/,
// never the image's index-data/, which only seeds them: a file not yet saved there is read from
// index-data/.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { DICTIONARY_FILES, type DictionaryTexts, readDictionaryTexts } from "../index/index.js";
import { writeFileAtomic } from "./atomic-file.js";

export const STAFF_DICTIONARIES_DIR = "dictionaries";

export interface StaffDictionaryDirs {
  dataDir: string;
  indexDataDir: string;
}

/** Each dictionary from DATA_DIR/dictionaries/, else from index-data/; a file in neither is empty. */
export function readStaffDictionaries(dirs: StaffDictionaryDirs): Promise<DictionaryTexts> {
  return readDictionaryTexts(path.join(dirs.dataDir, STAFF_DICTIONARIES_DIR), dirs.indexDataDir);
}

/** Writes the given dictionaries to DATA_DIR/dictionaries/ (atomically, one file at a time). */
export async function writeStaffDictionaries(dataDir: string, texts: DictionaryTexts): Promise<void> {
  const dir = path.join(dataDir, STAFF_DICTIONARIES_DIR);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(texts)) {
    if (!DICTIONARY_FILES.includes(name)) throw new Error(`not a staff dictionary: ${name}`);
    await writeFileAtomic(path.join(dir, name), text);
  }
}
