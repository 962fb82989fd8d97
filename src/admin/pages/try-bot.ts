// ボットを試す: a question in, the reply as a citizen sees it, and why (analysis, candidates, scores).
import type { FastifyInstance } from "fastify";
import type { Answer, ExplainingAnswerer } from "../../answer/index.js";
import { type LineMessage, renderHtml } from "../../line/index.js";
import { querySchema } from "../forms.js";
import { isHtmx, sendPage } from "../page.js";

export interface TryBotOptions {
  answerer: ExplainingAnswerer;
  render: (answer: Answer) => LineMessage[];
}

/** As long as a LINE text message may be. */
export const MAX_QUESTION_LENGTH = 5000;
/** Longer questions are cut to MAX_QUESTION_LENGTH; far longer ones are refused. */
const TRY_QUERY = querySchema({ q: 4 * MAX_QUESTION_LENGTH });

/** The framed preview's own policy: its inline styles, no script, nothing fetched. */
export const PREVIEW_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

function questionOf(query: unknown): string {
  const raw = (query as Record<string, unknown>).q;
  return typeof raw === "string" ? raw.trim() : "";
}

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
    const question = questionOf(request.query);
    const tooLong = question.length > MAX_QUESTION_LENGTH;
    const result =
      question && !tooLong
        ? await (async () => {
            const explanation = await options.answerer.explain(question);
            return {
              ...explanation,
              intentLabel: INTENT_LABELS[explanation.analysis.intent] ?? explanation.analysis.intent,
              kindLabel: KIND_LABELS[explanation.answer.kind],
            };
          })()
        : null;
    const data = {
      title: "ボットを試す",
      question: tooLong ? question.slice(0, MAX_QUESTION_LENGTH) : question,
      error: tooLong ? `質問は ${MAX_QUESTION_LENGTH} 文字までです。` : null,
      result,
    };
    return sendPage(request, reply, isHtmx(request) ? "try-result" : "try", data, tooLong ? 400 : 200);
  });

  // The reply laid out by the LINE renderer, framed into the page.
  app.get("/try/preview", { schema: { querystring: TRY_QUERY } }, async (request, reply) => {
    const question = questionOf(request.query);
    if (!question || question.length > MAX_QUESTION_LENGTH) return reply.code(400).send();
    const answer = await options.answerer.answer(question);
    return reply
      .header("Content-Security-Policy", PREVIEW_POLICY)
      .type("text/html; charset=utf-8")
      .send(renderHtml(options.render(answer), question));
  });
}
