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
export {
  createEmbeddedBackend,
  type EmbeddedBackend,
  type EmbeddedBackendDeps,
  filterDepartments,
} from "./embedded.js";
export * from "./types.js";
