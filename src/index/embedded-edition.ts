import { getTokenizer, type JapaneseTokenizer, shortNamesOf } from "../nlp/index.js";
import type { Plan } from "../plan/index.js";
import {
  buildVocabulary,
  type DictionaryTexts,
  readDictionaryTexts,
  withPlanReadings,
} from "./dictionaries.js";
import { searchDocumentsOf } from "./documents.js";
import { createEmbeddedBackend, type EmbeddedBackend } from "./embedded.js";
import { extractPlanWords } from "./plan-words.js";
import { withSudachiLayer } from "./sudachi-layer.js";
import type { EditionInfo, IndexedEdition } from "./types.js";

/** The dictionaries an edition was validated with (stored in its snapshot), or where to read them. */
type DictionarySource = { dictionaries: DictionaryTexts } | { indexDataDir: string };

export type EmbeddedEditionOptions = {
  plan: Plan;
  info: EditionInfo;
  tokenizer?: JapaneseTokenizer;
} & DictionarySource;

/** An edition served from the embedded index (its documents at hand). */
export interface EmbeddedEdition extends IndexedEdition {
  backend: EmbeddedBackend;
}

export async function buildEmbeddedEdition(options: EmbeddedEditionOptions): Promise<EmbeddedEdition> {
  const { plan, info } = options;
  const tokenizer = options.tokenizer ?? (await getTokenizer());
  const texts =
    "dictionaries" in options ? options.dictionaries : await readDictionaryTexts(options.indexDataDir);
  // The plan is split into words once: for the vocabulary's readings and for the documents.
  const dictionaries = buildVocabulary(texts, plan);
  const words = extractPlanWords(plan, tokenizer, dictionaries);
  const vocabulary = await withSudachiLayer(withPlanReadings(dictionaries, words));
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
  };
}
