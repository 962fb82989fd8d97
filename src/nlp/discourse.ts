// A whole message → the sentence that asks. Citizens open with greetings, introduce themselves,
// apologise and thank; the question is usually the last sentence. Linear in the message's length:
// one split, then a few anchored patterns per sentence and clause; only the chosen text is analysed.
import { clip, MAX_QUESTION_LENGTH, safeForTokenizer } from "./safe-text.js";

/** A sentence ends after 。！？ (or ! ? . before a space, as English writes them) or at a line break. */
const SENTENCE_END = /[。！？!?]+|\.(?=\s|$)|\r?\n/g;
/** Clauses of a sentence: 「恐れ入りますが、全体の進捗を…」. */
const CLAUSE_BREAK = /[、，,]/;
const TRAILING_JOIN = /(?:が|けど|けれど|けれども|ので|のですが|んですが)$/;

/** Greetings, apologies, thanks and closings: a clause ending in one says nothing about the plan. */
const SOCIAL_END =
  /(?:こんにちは|こんにちわ|こんばんは|こんばんわ|おはよう(?:ございます)?|はじめまして|初めまして|お疲れ様(?:です)?|おつかれさま(?:です)?|お世話にな(?:っております|っています|ります|りました)|ご無沙汰(?:しております|しています)?|失礼(?:します|いたします|致します|しました)|申し訳(?:ありません|ございません|ない)(?:でした)?|すみません|すいません|ごめんなさい|恐れ入ります|恐縮です|お手数(?:です|をおかけします)?|ありがとう(?:ございます|ございました)?|助かりました|助かります|よろしく(?:お願い(?:いたします|致します|します|申し上げます))?|もしもし|hello|hi|hey|sorry|thanks?(?: you)?)$/i;
const MARKER = "(?:ところで|さて|そこで|では|じゃあ|それでは|あと|それと|実は|ちなみに|早速ですが|早速)";
const ASKING =
  "(?:ちょっと|少し|一つ|ひとつ)?(?:質問|お尋ね|お聞き|お伺い|伺い|聞き|教え|確認|本題)" +
  "(?:です|があります|したい(?:のです|んです|こと(?:があります|があるのです)?)?|させてください|させて(?:いただき|頂き)(?:たいです|ます))?";
/** 「質問です」「お聞きしたいのですが」「ところで」「さて、本題です」: the question is still to come. */
const ANNOUNCEMENT = new RegExp(`^${MARKER}?(?:${ASKING})?$`);
/** 「白井市在住の者です」「自治会の役員をしている者ですが」: who writes, not what is asked. */
const SELF_INTRODUCTION =
  /(?:^(?:私|わたし|僕|ぼく|当方|うち)(?:は|も)|(?:者|もの|主婦|主夫|会社員|学生|男性|女性|市民|住民|役員|母親|父親|高齢者|年金生活者)(?:です|でございます|をしております|をしています)$|^i(?:'m| am) |^my name)/i;
/** A sentence that asks: a question mark, a question word, a request to be told. */
const ASKS =
  /[?？]|(?:か|かな|かね|の|でしょう|だろう|ますか|ですか)$|教えて|知りたい|聞きたい|伺いたい|どう|いつ|どこ|どれ|どの|どんな|何|なに|なん|いくつ|いくら|誰|だれ|ください|下さい|^(?:what|which|when|who|where|how|is|are|was|were|did|do|does|can|could|has|have)\b/i;

export interface ReadMessage {
  /** The asking sentence, without its greetings; at most MAX_QUESTION_LENGTH units, safe for the tokenizer. */
  question: string;
  /**
   * The sentence before it when that one has content of its own (「防災訓練について。いつですか？」),
   * for a question that names no topic; null when there is none.
   */
  context: string | null;
  /** UTF-16 units of the asking sentence past MAX_QUESTION_LENGTH that were not analysed (0 when none). */
  unread: number;
}

interface Sentence {
  text: string;
  /** Without greetings, apologies and announcements before or after the content. */
  content: string;
  asks: boolean;
  introduction: boolean;
}

function sentencesOf(message: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const end of message.matchAll(SENTENCE_END)) {
    const stop = (end.index ?? 0) + end[0].length;
    sentences.push(message.slice(start, stop));
    start = stop;
  }
  sentences.push(message.slice(start));
  return sentences.map((s) => s.trim()).filter((s) => s.length > 0);
}

const CLOSING_MARKS = new Set([..."。！？!?. \t\r\n　"]);

/** The clause without its closing marks and a joining が/けど: 「恐れ入りますが」 → 恐れ入ります. */
function bare(clause: string): string {
  let end = clause.length;
  while (end > 0 && CLOSING_MARKS.has(clause.charAt(end - 1))) end--;
  return clause.slice(0, end).trim().replace(TRAILING_JOIN, "");
}

function isSocial(clause: string): boolean {
  const text = bare(clause);
  return text.length === 0 || SOCIAL_END.test(text) || ANNOUNCEMENT.test(text);
}

/** The sentence without its leading and trailing social clauses, and what it is. */
function readSentence(sentence: string): Sentence {
  const clauses = sentence.split(CLAUSE_BREAK);
  let first = 0;
  let last = clauses.length;
  while (first < last) {
    const clause = clauses[first] ?? "";
    const introducing = SELF_INTRODUCTION.test(bare(clause)) && first + 1 < last;
    if (!introducing && !isSocial(clause)) break;
    first++;
  }
  while (last > first && isSocial(clauses[last - 1] ?? "")) last--;
  const content = clauses.slice(first, last).join("、").trim();
  if (content.length > 0 && SELF_INTRODUCTION.test(bare(content)) && !/[?？]/.test(content))
    return { text: sentence, content, asks: false, introduction: true };
  const asks = ASKS.test(bare(content)) || /[?？]/.test(content);
  return { text: sentence, content, asks, introduction: false };
}

/**
 * The part of a long sentence that is analysed: its end, where a question asks, cut after a space or
 * 、 when there is one near the cut so a word is not split.
 */
function tailOf(text: string, max: number): { text: string; unread: number } {
  if (text.length <= max) return { text, unread: 0 };
  let start = text.length - max;
  // Never start inside a surrogate pair.
  const code = text.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start += 1;
  const window = text.slice(start, start + 20);
  const soft = window.search(/[\s、，,]/);
  if (soft >= 0) start += soft + 1;
  return { text: text.slice(start), unread: start };
}

/**
 * The asking sentence of a message (the last one that asks, else the last with content), and the
 * sentence before it for context. Greetings, thanks, self-introductions and apologies are dropped.
 */
export function readMessage(message: string, max = MAX_QUESTION_LENGTH): ReadMessage {
  const sentences = sentencesOf(message).map(readSentence);
  const withContent = sentences.filter((s) => s.content.length > 0 && !s.introduction);
  if (withContent.length === 0) {
    // Greetings and thanks only: the first of them is the message (「こんにちは。白井市在住の者です。」).
    const greeting = sentences.find((s) => s.content.length === 0) ?? sentences[0];
    const whole = clip(greeting?.text ?? "", max);
    return {
      question: safeForTokenizer(whole).trim(),
      context: null,
      unread: (greeting?.text.length ?? 0) - whole.length,
    };
  }
  let index = withContent.length - 1;
  for (let i = withContent.length - 1; i >= 0; i--)
    if (withContent[i]?.asks) {
      index = i;
      break;
    }
  const chosen = tailOf(withContent[index]?.content ?? "", max);
  const before = index > 0 ? withContent[index - 1] : undefined;
  return {
    question: safeForTokenizer(chosen.text).trim(),
    context: before ? safeForTokenizer(tailOf(before.content, max).text).trim() : null,
    unread: chosen.unread,
  };
}
