export { createQuestionAnalyzer, type QuestionAnalyzer, type QuestionAnalyzerDeps } from "./analyze.js";
export { createDepartmentDetector, type DepartmentMentions } from "./departments.js";
export { type ReadMessage, readMessage } from "./discourse.js";
export { createEnglishTranslator, type EnglishTranslator, englishKey } from "./english.js";
export {
  characterBigrams,
  hasKanji,
  isHiragana,
  isKana,
  isKatakana,
  normalizeForSearch,
  normalizeText,
  sameReading,
  stripPoliteEndings,
  stripPunctuation,
  toHiragana,
  toKatakana,
} from "./normalize.js";
export { createPhoneTyping, type PhoneTyping } from "./phone-typing.js";
export { planWordsOf } from "./plan-words.js";
export {
  type BoundedQuestion,
  boundQuestion,
  clip,
  MAX_QUESTION_LENGTH,
  safeForTokenizer,
} from "./safe-text.js";
export { SHORT_NAME_LENGTH, shortNamesOf, type TitleWords } from "./short-name.js";
export {
  type BaseSynonyms,
  filterSudachiGroups,
  loadSudachiGroups,
  SUDACHI_PACKAGE,
  SynonymDictionaryError,
  sudachiDictionaryPath,
  sudachiDictionaryVersion,
} from "./sudachi-synonyms.js";
export { filterSudachiOffThread, type OffThreadFilter } from "./sudachi-worker.js";
export {
  createTokenizerCache,
  getTokenizer,
  type JapaneseTokenizer,
  kuromojiDictionaryPath,
  loadTokenizer,
  type PartOfSpeech,
  resetTokenizerForTests,
  type Token,
  type TokenizerCache,
  TokenizerError,
  type TokenizerErrorCode,
} from "./tokenizer.js";
export { MAX_TOPICS, splitTopics } from "./topics.js";
export * from "./types.js";
export {
  createWordExtractor,
  type ExtractedText,
  indexTokensOf,
  type Word,
  type WordDictionary,
  type WordExtractor,
} from "./words.js";
