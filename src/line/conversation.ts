// What the conversation record keeps of one answered question, read from the Answer generically:
// kinds added later (a measure, several projects) are recorded through the same fields.
import type { messagingApi } from "@line/bot-sdk";
import type { Answer } from "../answer/index.js";
import type { AnsweredQuestion, ChatKind, ConversationRecorder } from "../record/index.js";
import { asksFeedback, offerFeedback } from "./feedback.js";
import type { FeedbackLedger } from "./feedback-ledger.js";

const CANNED: ReadonlySet<string> = new Set(["greeting", "thanks", "help", "intro", "non-text"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function idOf(value: unknown): string[] {
  return isObject(value) && typeof value.id === "string" ? [value.id] : [];
}

function idsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.flatMap(idOf) : [];
}

/** An English answer is recorded as the Japanese answer it frames. */
export function innerAnswer(answer: Answer): Exclude<Answer, { kind: "english" }> {
  return answer.kind === "english" ? innerAnswer(answer.answer) : answer;
}

/** A project shown in full (a ProjectCard), not as a one-line summary. */
const isCard = (value: unknown) => isObject(value) && "totalActions" in value;

/**
 * The project(s) an answer is about (its best project, the projects asked about together), and
 * every project it shows (candidates, list and measure items too).
 */
export function projectsOf(answer: Answer): { about: string[]; shown: string[] } {
  const fields = innerAnswer(answer) as unknown as Record<string, unknown>;
  const items = Array.isArray(fields.items) ? fields.items : [];
  const about = [...idOf(fields.best), ...idsOf(items.filter(isCard))];
  const shown = [...about, ...idsOf(fields.candidates), ...idsOf(items)];
  return { about, shown: [...new Set(shown)] };
}

export function chatKindOf(source: unknown): ChatKind {
  const type = isObject(source) ? source.type : undefined;
  return type === "user" || type === "group" || type === "room" ? type : "unknown";
}

export interface AnsweredEvent {
  questionId: string;
  question: string;
  answer: Answer;
  userHash: string | null;
  chat: ChatKind;
  latencyMs: number;
  replyDelivered: boolean;
  feedbackOffered: boolean;
  /** The message read as a follow-up of the chat's previous answer. */
  followUp: boolean;
}

export function answeredQuestion(event: AnsweredEvent): AnsweredQuestion {
  const answer = innerAnswer(event.answer);
  const { about, shown } = projectsOf(answer);
  const match = "match" in answer ? answer.match : undefined;
  return {
    id: event.questionId,
    userHash: event.userHash,
    chat: event.chat,
    text: event.question,
    answerKind: CANNED.has(answer.kind) ? "canned" : answer.kind,
    projectIds: about,
    shownIds: shown,
    matchStrength: match && answer.kind !== "no-match" ? Math.round(match.strength * 1000) / 1000 : null,
    unmatchedWords: match?.unmatched ?? [],
    edition: answer.edition,
    latencyMs: Math.round(event.latencyMs * 10) / 10,
    replyDelivered: event.replyDelivered,
    feedbackOffered: event.feedbackOffered,
    followUp: event.followUp,
  };
}

/**
 * The reply to a question, with 「解決しましたか？」 when the answer deserves it (the question is then in
 * the ledger, for a tap on any replica, before the reply goes out), and `record`, which queues the
 * question for the record (call it once LINE answered the reply call, with whether it was delivered:
 * a prompt that never arrived was not offered).
 */
export async function withFeedback(
  conversation: { recorder: ConversationRecorder; ledger: FeedbackLedger },
  asked: {
    question: string;
    answer: Answer;
    userHash: string | null;
    chat: ChatKind;
    started: number;
    followUp: boolean;
  },
  rendered: messagingApi.Message[],
): Promise<{ messages: messagingApi.Message[]; record: (delivered: boolean) => void }> {
  const { recorder, ledger } = conversation;
  const questionId = recorder.newQuestionId();
  const offered = asksFeedback(asked.answer);
  if (offered) {
    const { about, shown } = projectsOf(asked.answer);
    await ledger.offered({
      id: questionId,
      askedAt: new Date(),
      userHash: asked.userHash,
      projectIds: about,
      shownIds: shown,
      feedbackOffered: true,
      feedback: null,
    });
  }
  return {
    messages: offered ? offerFeedback(rendered, questionId) : rendered,
    record: (delivered) =>
      recorder.question(
        answeredQuestion({
          ...asked,
          questionId,
          latencyMs: performance.now() - asked.started,
          replyDelivered: delivered,
          feedbackOffered: offered && delivered,
        }),
      ),
  };
}
