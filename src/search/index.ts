export {
  DEPARTMENT_ALIASES_FILE,
  type DepartmentAliases,
  DictionaryError,
  type DictionaryIssue,
  loadVocabulary,
  type Parsed,
  parseDepartmentAliases,
  parseSynonyms,
  planDepartments,
  SYNONYMS_FILE,
} from "./dictionaries.js";
export { buildSearchDocuments, type SearchDocument, TOKEN_FIELDS, type TokenField } from "./documents.js";
export { sha256Of } from "./edition-info.js";
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
export {
  createFallbackBackend,
  createPrimaryCircuit,
  type FallbackBackend,
  type FallbackBackendOptions,
  type PrimaryCircuit,
  type SearchLogger,
} from "./fallback.js";
export {
  type LiveEditionHandle,
  type LiveEditionLogger,
  type OpenLiveEditionOptions,
  openLiveEdition,
  type SearchSettings,
} from "./live-edition.js";
export {
  createMeilisearchBackend,
  type MeilisearchBackend,
  type MeilisearchBackendOptions,
  meilisearchFilter,
  quoteFilterValue,
} from "./meilisearch.js";
export { SearchServiceError, type SearchServiceErrorCode } from "./meilisearch-errors.js";
export {
  createMeilisearchPublisher,
  type MeilisearchPublisher,
  type MeilisearchPublisherOptions,
  type PublishResult,
} from "./meilisearch-publish.js";
export { JAPANESE_STOP_WORDS, meilisearchSettings, SEARCHABLE_ATTRIBUTES } from "./meilisearch-settings.js";
export {
  acquirePublishLock,
  type LockHolder,
  type LockResult,
  PUBLISH_LOCK_FILE,
  type PublishLock,
} from "./publish-lock.js";
export {
  createSnapshotStore,
  type HistoryEntry,
  type Snapshot,
  SnapshotError,
  type SnapshotStore,
} from "./snapshot-store.js";
export * from "./types.js";
