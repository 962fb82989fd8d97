// Text as it may arrive from LINE or a file, made safe for kuromoji and bounded for analysis.

/**
 * The longest text analyzed, in UTF-16 units: a message's asking sentence is read up to this from
 * its end (discourse.ts); the rest is not read and the citizen is told so.
 */
export const MAX_QUESTION_LENGTH = 200;

/** Control characters but tab and line breaks: kuromoji fails on NUL, and nothing needs the others. */
const CONTROL = /(?![\t\n\r])\p{Cc}/gu;
/** A surrogate without its pair (a mention's index may split an emoji): kuromoji fails on those. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Control characters become spaces and lone surrogates U+FFFD. Each replacement is one UTF-16 unit
 * for one, so token offsets still point into the original text.
 */
export function safeForTokenizer(text: string): string {
  return text.replace(CONTROL, " ").replace(LONE_SURROGATE, "\uFFFD");
}

/** The first `max` UTF-16 units of a text, never ending inside a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

export interface BoundedQuestion {
  /** Safe for the tokenizer and at most MAX_QUESTION_LENGTH units long. */
  text: string;
  /** How many UTF-16 units past the limit were not analyzed (0 when none). */
  ignored: number;
}

/** The part of a question that is analyzed: made safe, trimmed and cut to MAX_QUESTION_LENGTH. */
export function boundQuestion(question: string, max = MAX_QUESTION_LENGTH): BoundedQuestion {
  const trimmed = question.trim();
  // Cut first: sanitizing a 1-million-character text would already be work nobody asked for.
  const head = clip(trimmed, max);
  return { text: safeForTokenizer(head).trim(), ignored: trimmed.length - head.length };
}
