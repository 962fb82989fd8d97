// ボットを試す: a conversation in (several messages in a row), each reply as a citizen sees it, which
// earlier answer each follow-up was resolved against, and why the last reply was chosen.
import type { FastifyInstance } from "fastify";
import type { Answer, ExplainingAnswerer } from "../../answer/index.js";
import { type LineMessage, renderHtml } from "../../line/index.js";
import { isHtmx, sendPage } from "../page.js";

/** One message of a tried conversation, as conversation/'s replay answers it. */
export interface TriedTurn {
  question: string;
  answer: Answer;
  followUp: boolean;
  /** The earlier message (0-based) whose answer a follow-up was answered about. */
  resolvedAgainst: { turn: number; label: string } | null;
}

export interface TryBotOptions {
  answerer: ExplainingAnswerer;
  render: (answer: Answer) => LineMessage[];
  /** The messages answered in a row, as one chat. */
  converse: (questions: readonly string[]) => Promise<TriedTurn[]>;
}

/** As long as a LINE text message may be. */
export const MAX_QUESTION_LENGTH = 5000;
/** Messages of one tried conversation; the oldest ones are dropped past it. */
export const MAX_TURNS = 10;
/**
 * Every message of the conversation (`q` repeated; one is coerced to a list of one), each up to
 * 4 × MAX_QUESTION_LENGTH: longer ones are cut to MAX_QUESTION_LENGTH, far longer ones refused.
 */
const TRY_QUERY = {
  type: "object",
  properties: {
    q: {
      type: "array",
      maxItems: 4 * MAX_TURNS,
      items: { type: "string", maxLength: 4 * MAX_QUESTION_LENGTH },
    },
  },
} as const;

/** The framed preview's own policy: its inline styles, no script, nothing fetched. */
export const PREVIEW_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/** The conversation's messages: every `q` in order (`?q=…&q=…`), the empty ones left out. */
function questionsOf(query: unknown): string[] {
  const raw = (query as Record<string, unknown>).q;
  const values = Array.isArray(raw) ? raw : [raw];
  return values.flatMap((value) => (typeof value === "string" && value.trim() ? [value.trim()] : []));
}

/** `q=…&q=…` for the messages. */
const queryOf = (questions: readonly string[]) =>
  questions.map((q) => `q=${encodeURIComponent(q)}`).join("&");

const INTENT_LABELS: Record<string, string> = {
  status: "実施状況",
  department: "担当課",
  when: "時期",
  year: "年度",
  "status-list": "状況別の一覧",
  count: "件数",
  overview: "全体の進捗",
  changes: "最近変わったこと",
  about: "事業について",
  greeting: "あいさつ",
  thanks: "お礼",
  help: "使い方",
  "out-of-scope": "計画にない話題",
};

const KIND_LABELS: Record<Answer["kind"], string> = {
  project: "事業の回答",
  several: "複数の事業の回答",
  level: "施策・分野の回答",
  english: "英語の質問への回答",
  departments: "担当課の一覧",
  stale: "古い版のボタンへの返信",
  list: "事業の一覧",
  count: "件数",
  overview: "全体の進捗",
  changes: "最近変わったこと",
  "no-match": "該当なし",
  greeting: "あいさつ",
  thanks: "お礼",
  help: "使い方",
  intro: "紹介",
  "non-text": "文字以外への返信",
};

export async function tryBotRoutes(app: FastifyInstance, options: TryBotOptions): Promise<void> {
  app.get("/try", { schema: { querystring: TRY_QUERY } }, async (request, reply) => {
    const questions = questionsOf(request.query).slice(-MAX_TURNS);
    const tooLong = questions.some((q) => q.length > MAX_QUESTION_LENGTH);
    const question = questions[questions.length - 1] ?? "";
    const turns = questions.length > 0 && !tooLong ? await options.converse(questions) : [];
    const last = turns[turns.length - 1];
    const result = last
      ? await (async () => {
          // Why: the last message's own analysis and candidates; a follow-up also says what it took.
          const explanation = await options.answerer.explain(question);
          return {
            ...explanation,
            answer: last.answer,
            intentLabel: INTENT_LABELS[explanation.analysis.intent] ?? explanation.analysis.intent,
            kindLabel: KIND_LABELS[last.answer.kind],
          };
        })()
      : null;
    const partial = isHtmx(request);
    const data = {
      title: "ボットを試す",
      // The partial also empties the question box (out of band) for the next message.
      partial,
      question: tooLong ? question.slice(0, MAX_QUESTION_LENGTH) : question,
      error: tooLong ? `質問は ${MAX_QUESTION_LENGTH} 文字までです。` : null,
      turns: turns.map((turn, i) => ({
        ...turn,
        number: i + 1,
        kindLabel: KIND_LABELS[turn.answer.kind],
        // Each reply as it was in the conversation: the messages up to this one.
        preview: `/admin/try/preview?${queryOf(questions.slice(0, i + 1))}`,
      })),
      result,
    };
    return sendPage(request, reply, partial ? "try-result" : "try", data, tooLong ? 400 : 200);
  });

  // The reply to the conversation's last message laid out by the LINE renderer, framed into the page.
  app.get("/try/preview", { schema: { querystring: TRY_QUERY } }, async (request, reply) => {
    const questions = questionsOf(request.query).slice(-MAX_TURNS);
    const question = questions[questions.length - 1];
    if (!question || questions.some((q) => q.length > MAX_QUESTION_LENGTH)) return reply.code(400).send();
    const turns = await options.converse(questions);
    const answer = turns[turns.length - 1]?.answer ?? (await options.answerer.answer(question));
    return reply
      .header("Content-Security-Policy", PREVIEW_POLICY)
      .type("text/html; charset=utf-8")
      .send(renderHtml(options.render(answer), question));
  });
}
