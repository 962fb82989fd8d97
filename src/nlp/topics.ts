// 「防災訓練と空き店舗の活用、それぞれどうなった？」: the parts of a question joined by と, や or 、.
import type { JapaneseTokenizer, Token } from "./tokenizer.js";

/** At most this many topics are answered at once. */
export const MAX_TOPICS = 3;

/** Only a text holding one of these can have a joiner: others need no tokenizing. */
const JOINER_CHARACTERS = /[、，,､とや]/;

/** 「地域と一緒に」「市民と協力して」: と of company, not of a list. */
const COMPANY = /^(?:一緒|共|とも|ともに|合同|協力|協働|連携|共同|相談|話し合)/;

function isJoiner(token: Token, previous: Token | undefined, next: Token | undefined): boolean {
  if (token.pos === "symbol" && token.posDetail === "読点") return true;
  if (token.surface === "、" || token.surface === ",") return true;
  if (token.pos !== "particle" || !previous) return false;
  // 「着ぐるみの貸出しと景観写真展」: a verb's noun form joins as well as a noun.
  const listed = previous.pos === "noun" || (previous.pos === "verb" && token.posDetail === "並立助詞");
  if (!listed) return false;
  if (token.surface === "や") return token.posDetail === "並立助詞";
  if (token.surface !== "と" || (token.posDetail !== "並立助詞" && token.posDetail !== "格助詞"))
    return false;
  return !COMPANY.test(next?.surface ?? "");
}

/**
 * The question cut at every joining と/や/、 after a noun, in order. One element when nothing joins;
 * parts may still be empty of content (「それぞれどうなった」): the caller decides what a topic is.
 */
export function splitTopics(tokenizer: JapaneseTokenizer, text: string): string[] {
  if (!JOINER_CHARACTERS.test(text)) return text.trim().length > 0 ? [text.trim()] : [];
  const tokens = tokenizer.tokenize(text);
  const parts: string[] = [];
  let start = 0;
  tokens.forEach((token, i) => {
    if (!isJoiner(token, tokens[i - 1], tokens[i + 1])) return;
    parts.push(text.slice(start, token.start));
    start = token.start + token.surface.length;
  });
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}
