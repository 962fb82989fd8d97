// Notes an answer carries besides its facts, added to the rendered messages.
import type { messagingApi } from "@line/bot-sdk";
import { type Answer, MAX_QUESTION_LENGTH } from "../../answer/index.js";
import { LINE_LIMITS, truncate } from "./limits.js";

type Message = messagingApi.Message;

export function ignoredNote(ignored: number): string {
  return `※ご質問の文が長いため、その最後の${MAX_QUESTION_LENGTH}文字で調べました（前の${ignored}文字は読んでいません）。質問は短く分けてお送りください。`;
}

/**
 * The note goes at the end of the first message when it is text (quick replies stay on the last
 * one), else as a text message right after it.
 */
export function withNotes(messages: Message[], answer: Answer): Message[] {
  if (!answer.ignoredCharacters) return messages;
  const note = ignoredNote(answer.ignoredCharacters);
  const [first, ...rest] = messages;
  if (first?.type === "text") {
    const room = LINE_LIMITS.textLength - note.length - 2;
    return [{ ...first, text: `${truncate(first.text, room)}\n\n${note}` }, ...rest];
  }
  // LINE shows quick replies on the last message only: they move to the note when it comes last.
  if (first && rest.length === 0 && first.quickReply) {
    const { quickReply, ...card } = first;
    return [card, { type: "text", text: note, quickReply }];
  }
  return [...(first ? [first] : []), { type: "text", text: note }, ...rest];
}
