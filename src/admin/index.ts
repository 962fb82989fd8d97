export {
  createDictionaryFiles,
  type DictionaryFiles,
  type DictionarySave,
  type DictionaryTexts,
} from "./dictionary-files.js";
export type { LockoutOptions } from "./lockout.js";
export { type AdminOptions, adminPlugin } from "./plugin.js";
