export {
  buildVocabulary,
  checkDictionaries,
  DEPARTMENT_ALIASES_FILE,
  type DepartmentAliases,
  DICTIONARY_FILES,
  DictionaryError,
  type DictionaryIssue,
  type DictionaryTexts,
  loadVocabulary,
  type Parsed,
  parseDepartmentAliases,
  parseSynonyms,
  planDepartments,
  readDictionaryTexts,
  SYNONYMS_FILE,
} from "./dictionaries.js";
export { buildSearchDocuments, type SearchDocument, TOKEN_FIELDS, type TokenField } from "./documents.js";
export {
  createEmbeddedBackend,
  type EmbeddedBackend,
  type EmbeddedBackendDeps,
  filterDepartments,
} from "./embedded.js";
export {
  buildEmbeddedEdition,
  type EmbeddedEdition,
  type EmbeddedEditionOptions,
} from "./embedded-edition.js";
export { ENGLISH_GLOSSARY_FILE, parseEnglishGlossary } from "./english-glossary.js";
export {
  type CircuitState,
  createFallbackBackend,
  createPrimaryCircuit,
  type FallbackBackend,
  type FallbackBackendOptions,
  type PrimaryCircuit,
  type SearchLogger,
} from "./fallback.js";
export {
  createMeilisearchBackend,
  type MeilisearchBackend,
  type MeilisearchBackendOptions,
  meilisearchFilter,
  quoteFilterValue,
} from "./meilisearch.js";
export { SearchServiceError, type SearchServiceErrorCode } from "./meilisearch-errors.js";
export {
  createMeilisearchHttpClient,
  MAX_SOCKETS_PER_HOST,
  type MeilisearchHttpClientHandle,
  MeilisearchResponseError,
} from "./meilisearch-http.js";
export {
  createMeilisearchPublisher,
  type MeilisearchPublisher,
  type MeilisearchPublisherOptions,
  type PublishIndexOptions,
  type PublishResult,
  STALE_TEMP_INDEX_MS,
} from "./meilisearch-publish.js";
export { JAPANESE_STOP_WORDS, meilisearchSettings, SEARCHABLE_ATTRIBUTES } from "./meilisearch-settings.js";
export {
  computeSudachiLayer,
  parseSudachiLayer,
  SUDACHI_CACHE_DIR,
  type SudachiLayer,
  type SudachiLayerOptions,
} from "./sudachi-layer.js";
export * from "./types.js";
