// 「解決しましたか？」: a step applied after rendering. It asks after answers about a project (or a
// measure, or several projects), records the answer against the question, and on いいえ says which
// department to ask and how to rephrase. Postback data comes back from the network: trust nothing.
import type { messagingApi } from "@line/bot-sdk";
import type { Answer, Answerer } from "../answer/index.js";
import type { ConversationRecorder } from "../record/index.js";
import type { FeedbackLedger } from "./feedback-ledger.js";
import { LINE_LIMITS } from "./render/index.js";

type Message = messagingApi.Message;
type QuickReplyItem = messagingApi.QuickReplyItem;

/** Distinct from the render's follow-up postbacks ("a1|…"). */
const PREFIX = "r1|";
const QUESTION_ID = /^[A-Za-z0-9_-]{16}$/;
/** Answers older than this no longer take feedback. */
export const FEEDBACK_WINDOW_MS = 7 * 86_400_000;
const PROMPT = "この回答で解決しましたか？";
const MAX_DEPARTMENTS = 5;

/** Answers about a project, a measure or section (level), or several projects: the ones a citizen can say helped or not. */
const ASKS_AFTER: ReadonlySet<string> = new Set(["project", "level", "several"]);

export function asksFeedback(answer: Answer): boolean {
  return answer.kind === "english" ? asksFeedback(answer.answer) : ASKS_AFTER.has(answer.kind);
}

export function encodeFeedback(questionId: string, resolved: boolean): string {
  return `${PREFIX}${questionId}|${resolved ? "y" : "n"}`;
}

export function isFeedbackData(data: string): boolean {
  return data.startsWith(PREFIX);
}

export function decodeFeedback(data: string): { questionId: string; resolved: boolean } | null {
  if (!isFeedbackData(data) || data.length > 40) return null;
  const [questionId, answer, ...rest] = data.slice(PREFIX.length).split("|");
  if (rest.length > 0 || !questionId || !QUESTION_ID.test(questionId)) return null;
  if (answer !== "y" && answer !== "n") return null;
  return { questionId, resolved: answer === "y" };
}

function feedbackItem(label: string, questionId: string, resolved: boolean): QuickReplyItem {
  return {
    type: "action",
    action: {
      type: "postback",
      label,
      data: encodeFeedback(questionId, resolved),
      displayText: label,
    },
  };
}

/**
 * The reply with はい / いいえ quick replies for `questionId`. A short question message carries them
 * when the reply has room for one more message; quick replies the answer already had move along
 * (LINE shows them on the last message only), within 13 items in all.
 */
export function offerFeedback(messages: readonly Message[], questionId: string): Message[] {
  const last = messages.at(-1);
  if (!last) return [...messages];
  const items = [feedbackItem("はい", questionId, true), feedbackItem("いいえ", questionId, false)];
  const existing = last.quickReply?.items ?? [];
  const quickReply = { items: [...items, ...existing].slice(0, LINE_LIMITS.quickReplyItems) };
  if (messages.length < LINE_LIMITS.messagesPerReply) {
    const { quickReply: _moved, ...plain } = last;
    return [...messages.slice(0, -1), plain as Message, { type: "text", text: PROMPT, quickReply }];
  }
  return [...messages.slice(0, -1), { ...last, quickReply }];
}

export type FeedbackOutcome = "yes" | "no" | "repeated" | "stale" | "unknown" | "not-yours";

export interface FeedbackResponderDeps {
  recorder: ConversationRecorder;
  /** Questions offered on any replica and answers taken on any replica (shared state). */
  ledger: FeedbackLedger;
  answerer: Answerer;
  now?: () => Date;
}

export type FeedbackResponder = (
  data: string,
  userHash: string | null,
) => Promise<{ outcome: FeedbackOutcome; messages: Message[] }>;

const text = (lines: string[]): Message[] => [{ type: "text", text: lines.join("\n") }];

export function createFeedbackResponder(deps: FeedbackResponderDeps): FeedbackResponder {
  const { recorder, ledger, answerer } = deps;
  const now = deps.now ?? (() => new Date());

  async function departmentsOf(projectIds: readonly string[]): Promise<string[]> {
    const departments = new Set<string>();
    for (const id of projectIds.slice(0, MAX_DEPARTMENTS)) {
      const answer = answerer.project(id);
      if (answer.kind === "project") for (const d of answer.best.departments) departments.add(d);
    }
    return [...departments].slice(0, MAX_DEPARTMENTS);
  }

  async function whomToAsk(projectIds: readonly string[]): Promise<string[]> {
    const help = answerer.canned("help");
    const departments = await departmentsOf(projectIds);
    const examples = "examples" in help ? help.examples.slice(0, 2) : [];
    return [
      "お役に立てず、申し訳ありません。",
      departments.length > 0
        ? `この事業については、担当課の${departments.map((d) => `【${d}】`).join("")}にお問い合わせください。`
        : `詳しくは${"contact" in help ? help.contact : "市役所"}にお問い合わせください。`,
      "言い方を変えて聞き直すと、見つかることもあります（事業の名前や、担当課・年度を添えて）。",
      ...(examples.length > 0 ? ["たとえば：", ...examples.map((e) => `・${e}`)] : []),
    ];
  }

  return async (data, userHash) => {
    const decoded = decodeFeedback(data);
    // The record knows an answer already given; the ledger, a question another replica has not written yet.
    const asked = decoded
      ? ((await recorder.findQuestion(decoded.questionId)) ?? (await ledger.find(decoded.questionId)))
      : null;
    if (!decoded || !asked?.feedbackOffered)
      return {
        outcome: "unknown",
        messages: text(["このボタンは、いまは使えません。あらためてご質問ください。"]),
      };
    if (asked.userHash !== userHash)
      return {
        outcome: "not-yours",
        messages: text(["このボタンは、質問されたかたご本人のためのものです。ご質問はいつでもどうぞ。"]),
      };
    if (now().getTime() - asked.askedAt.getTime() > FEEDBACK_WINDOW_MS)
      return { outcome: "stale", messages: text(["受付期間が過ぎています。あらためてご質問ください。"]) };
    if (
      asked.feedback !== null ||
      !(await ledger.claim(asked.id)) ||
      !recorder.feedback(asked.id, decoded.resolved)
    )
      return {
        outcome: "repeated",
        messages: text(["すでにお答えいただいています。ありがとうございました。"]),
      };
    if (decoded.resolved)
      return {
        outcome: "yes",
        messages: text(["お答えいただき、ありがとうございます。お役に立ててよかったです。"]),
      };
    const projects = asked.projectIds.length > 0 ? asked.projectIds : asked.shownIds;
    return { outcome: "no", messages: text(await whomToAsk(projects)) };
  };
}
