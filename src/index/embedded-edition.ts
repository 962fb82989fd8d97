import { getTokenizer, type JapaneseTokenizer, shortNamesOf } from "../nlp/index.js";
import type { Plan } from "../plan/index.js";
import { readDictionaries, withPlanReadings } from "./dictionaries.js";
import { searchDocumentsOf } from "./documents.js";
import { createEmbeddedBackend, type EmbeddedBackend } from "./embedded.js";
import { extractPlanWords } from "./plan-words.js";
import { withSudachiLayer } from "./sudachi-layer.js";
import type { EditionInfo, IndexedEdition } from "./types.js";

export interface EmbeddedEditionOptions {
  plan: Plan;
  info: EditionInfo;
  /** Where the dictionaries are (synonyms, department aliases). */
  indexDataDir: string;
  tokenizer?: JapaneseTokenizer;
}

/** One edition indexed in process: the dictionaries of index-data and the embedded backend. */
/** An edition served from the embedded index (its documents at hand). */
export interface EmbeddedEdition extends IndexedEdition {
  backend: EmbeddedBackend;
}

export async function buildEmbeddedEdition(options: EmbeddedEditionOptions): Promise<EmbeddedEdition> {
  const { plan, info, indexDataDir } = options;
  const tokenizer = options.tokenizer ?? (await getTokenizer());
  // The plan is split into words once: for the vocabulary's readings and for the documents.
  const dictionaries = await readDictionaries(indexDataDir, plan);
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
