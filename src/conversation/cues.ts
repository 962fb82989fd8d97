// Whether a message reads as a follow-up, and which operation it asks of the previous answer: the
// words citizens use for 「担当は？」「いつ？」「その中で未実施は？」「次の10件」. Bounded: only short
// messages are follow-ups, and each pattern is a plain alternation (linear).
import type { FollowUpOperation } from "../answer/index.js";

/** A longer message is a question of its own. */
export const MAX_FOLLOW_UP_LENGTH = 60;
/** 「未実施のは？」「平成28年度のは？」: this short, a 「…のは？」 narrows the previous list. */
const SHORT_NARROWING_LENGTH = 14;

/** First match wins: narrowing before 「どれ」, the same department before 「ほかの事業」. */
const CUES: readonly [FollowUpOperation, RegExp][] = [
  ["english", /英語|えいご|english/gi],
  ["next-page", /次の?\d*件|次を|次へ|次のページ|つぎ|続き|つづき|もっと見|残り|next/gi],
  [
    "narrow",
    /その中|そのなか|この中|このなか|そのうち|このうち|うちで|中で|なかで|だけ|のみ|of them|among them/gi,
  ],
  // 「その課のほかの事業」, not 「その担当課は？」 (its department): other projects are asked for.
  [
    "same-department",
    /(?<!ど)(?:同じ|おなじ|その|この)(?:担当)?(?:課|部署)(?=.*(?:ほか|他|別|以外|事業|取り?組|何))|same department/gi,
  ],
  [
    "same-measure",
    /(?:同じ|おなじ|その|この)施策|(?:ほか|他)には|(?:ほか|他)の事業|(?:ほか|他)に(?:は)?(?:何|なに|どんな)|似た|同じような|関連する|others|other projects|similar|anything else/gi,
  ],
  [
    "which",
    /どれ|どの事業|どの取り?組み?|どんな事業|それぞれ|一覧で|一覧を見|リストで|which ones?|what are they/gi,
  ],
  [
    "details",
    /詳し|くわし|詳細|もっと教え|全部見|すべて見|全て見|全部教え|すべて教え|more details?|details|tell me more/gi,
  ],
  ["department", /担当|たんとう|どこの課|どこが|どの課|部署|所管|窓口|department|in charge|who/gi],
  [
    "status",
    /今も|いまも|まだ|続い|つづい|現在|今は|いまは|状況|進んで|進捗|どうなっ|終わ|おわっ|予定|今後|これから|still|status|now/gi,
  ],
  ["years", /いつ|何年|なんねん|年度は|時期|when|what year/gi],
];

const SHORT_NARROWING = /の(?:は|もの|もの?は|って)[？?]?$/;

export interface FollowUpCue {
  operation: FollowUpOperation;
  /** Every stretch of the message that asks an operation: these words are no topic of its own. */
  cue: string;
}

/** The operation a message asks of the previous answer, or null when it asks none. */
export function followUpCue(message: string): FollowUpCue | null {
  const text = message.normalize("NFKC").trim();
  if (text === "" || text.length > MAX_FOLLOW_UP_LENGTH) return null;
  let operation: FollowUpOperation | null = null;
  const asked: string[] = [];
  for (const [kind, pattern] of CUES) {
    const found = text.match(pattern);
    if (!found) continue;
    operation ??= kind;
    asked.push(...found);
  }
  if (operation === null && text.length <= SHORT_NARROWING_LENGTH && SHORT_NARROWING.test(text))
    operation = "narrow";
  return operation ? { operation, cue: asked.join(" ") } : null;
}
