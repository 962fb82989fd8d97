export { createQuestionAnalyzer, type QuestionAnalyzer, type QuestionAnalyzerDeps } from "./analyze.js";
export { createDepartmentDetector, type DepartmentMentions } from "./departments.js";
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
export {
  type BoundedQuestion,
  boundQuestion,
  clip,
  MAX_QUESTION_LENGTH,
  safeForTokenizer,
} from "./safe-text.js";
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
export * from "./types.js";
export {
  createWordExtractor,
  type ExtractedText,
  indexTokensOf,
  type Word,
  type WordDictionary,
  type WordExtractor,
} from "./words.js";
