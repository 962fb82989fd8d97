import { getTokenizer, type JapaneseTokenizer, shortNamesOf } from "../nlp/index.js";
import type { Plan } from "../plan/index.js";
import {
  type DictionaryTexts,
  type EditionVocabulary,
  type EditionVocabularyOptions,
  editionVocabulary,
  readDictionaryTexts,
} from "./dictionaries.js";
import { searchDocumentsOf } from "./documents.js";
import { createEmbeddedBackend, type EmbeddedBackend } from "./embedded.js";
import type { SudachiLayer } from "./sudachi-layer.js";
import type { EditionInfo, IndexedEdition } from "./types.js";

/** The dictionaries an edition was validated with (stored in its snapshot), or where to read them. */
type DictionarySource = { dictionaries: DictionaryTexts } | { indexDataDir: string };

export type EmbeddedEditionOptions = {
  plan: Plan;
  info: EditionInfo;
  tokenizer?: JapaneseTokenizer;
} & DictionarySource &
  EditionVocabularyOptions;

/** An edition served from the embedded index (its documents at hand). */
export interface EmbeddedEdition extends IndexedEdition {
  backend: EmbeddedBackend;
  /** The Sudachi layer it uses: the stored one, or the one computed now (to be stored). */
  sudachi: SudachiLayer;
  sudachiOrigin: EditionVocabulary["sudachiOrigin"];
}

export async function buildEmbeddedEdition(options: EmbeddedEditionOptions): Promise<EmbeddedEdition> {
  const { plan, info } = options;
  const tokenizer = options.tokenizer ?? (await getTokenizer());
  const texts =
    "dictionaries" in options ? options.dictionaries : await readDictionaryTexts(options.indexDataDir);
  const { vocabulary, words, sudachi, sudachiOrigin } = await editionVocabulary(
    texts,
    plan,
    tokenizer,
    options,
  );
  const documents = searchDocumentsOf(words);
  const shortNames = shortNamesOf(
    words.map((w) => ({ id: w.project.id, title: w.project.title, words: w.title })),
  );
  return {
    plan,
    info,
    vocabulary,
    shortNames,
    backend: createEmbeddedBackend({ plan, tokenizer, vocabulary, documents }),
    sudachi,
    sudachiOrigin,
  };
}
