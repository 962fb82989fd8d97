// What a Meilisearch index of the plan looks like: its documents and its settings.
import type { Settings } from "meilisearch";
import { normalizeText, type Vocabulary } from "../nlp/index.js";
import type { SearchDocument } from "./documents.js";

/** A search document plus its position in the plan, so listings come back in plan order. */
export interface MeilisearchDocument extends SearchDocument {
  order: number;
}

export const MEILISEARCH_PRIMARY_KEY = "id";

export function toMeilisearchDocuments(documents: readonly SearchDocument[]): MeilisearchDocument[] {
  return documents.map((doc, order) => ({ ...doc, order }));
}

/**
 * Ordered like the embedded backend's field weights: title and action tokens first, then the
 * 施策 title, then the hierarchy and the 施策 description. Each text is followed by its raw form.
 */
export const SEARCHABLE_ATTRIBUTES = [
  "titleTokens",
  "actionTokens",
  "title",
  "actions",
  "measureTitleTokens",
  "measureTitle",
  "hierarchyTokens",
  "measureDescriptionTokens",
  "pillarTitle",
  "sectionTitle",
  "measureDescription",
] as const;

export const FILTERABLE_ATTRIBUTES = [
  "id",
  "status",
  "departments",
  "projectDepartments",
  "fiscalYears",
  "pillarId",
  "sectionId",
  "measureId",
] as const;

export const SORTABLE_ATTRIBUTES = ["order", "status", "fiscalYears"] as const;

/** Particles and auxiliaries: they must never be required words of a query. */
export const JAPANESE_STOP_WORDS = [
  ..."の は が を に へ と で や も か な ね よ て た だ".split(" "),
  ..."から まで より など って けど のに ので には では とは にも でも への での との".split(" "),
  ..."です ます でし まし ました でした ません ない なかっ れる られる せる させる たい".split(" "),
  ..."する され いる ある あっ なっ なる ください".split(" "),
];

/** Each word maps to the other words of its group, as Meilisearch's synonyms setting expects. */
export function synonymsSetting(groups: readonly string[][]): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const group of groups) {
    const words = [...new Set(group.map(normalizeText))];
    for (const word of words) {
      const others = words.filter((other) => other !== word);
      synonyms[word] = [...new Set([...(synonyms[word] ?? []), ...others])];
    }
  }
  return synonyms;
}

/**
 * The index settings. Synonyms are set although, measured on 1.21, they do not take effect once
 * Japanese locales are set: the analyzer's own synonym expansion is what finds them.
 */
export function meilisearchSettings(vocabulary: Pick<Vocabulary, "synonyms">): Settings {
  return {
    searchableAttributes: [...SEARCHABLE_ATTRIBUTES],
    filterableAttributes: [...FILTERABLE_ATTRIBUTES],
    sortableAttributes: [...SORTABLE_ATTRIBUTES],
    displayedAttributes: ["*"],
    localizedAttributes: [{ attributePatterns: [...SEARCHABLE_ATTRIBUTES], locales: ["jpn"] }],
    stopWords: [...JAPANESE_STOP_WORDS],
    synonyms: synonymsSetting(vocabulary.synonyms),
    typoTolerance: { enabled: true, disableOnNumbers: true },
    pagination: { maxTotalHits: 10_000 },
  };
}
