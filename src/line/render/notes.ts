// Notes an answer carries besides its facts, added to the rendered messages.
import type { messagingApi } from "@line/bot-sdk";
import { type Answer, MAX_QUESTION_LENGTH } from "../../answer/index.js";
import { MUTED, text } from "./flex-parts.js";
import { LINE_LIMITS, truncate, truncateAltText, truncateText } from "./limits.js";

type Message = messagingApi.Message;
type Bubble = messagingApi.FlexBubble;

/** 「（「景観写真展」の事業について）」: the topic a follow-up was answered about. */
export function followUpLine(label: string): string {
  return `（${label}について）`;
}

function withLineOnTop(bubble: Bubble, line: string): Bubble {
  const top = text(line, { size: "xs", color: MUTED, wrap: true });
  if (bubble.header)
    return { ...bubble, header: { ...bubble.header, contents: [top, ...bubble.header.contents] } };
  if (bubble.body) return { ...bubble, body: { ...bubble.body, contents: [top, ...bubble.body.contents] } };
  return bubble;
}

/** The line goes first in the first message: its text, or its altText and first bubble. */
function withTopicLine(messages: Message[], line: string): Message[] {
  const [first, ...rest] = messages;
  if (first?.type === "text") return [{ ...first, text: truncateText(`${line}\n${first.text}`) }, ...rest];
  if (first?.type === "flex") {
    const { contents } = first;
    const topped =
      contents.type === "bubble"
        ? withLineOnTop(contents, line)
        : { ...contents, contents: contents.contents.map((b, i) => (i === 0 ? withLineOnTop(b, line) : b)) };
    return [{ ...first, altText: truncateAltText(`${line}${first.altText}`), contents: topped }, ...rest];
  }
  return messages;
}

export function ignoredNote(ignored: number): string {
  return `※ご質問の文が長いため、その最後の${MAX_QUESTION_LENGTH}文字で調べました（前の${ignored}文字は読んでいません）。質問は短く分けてお送りください。`;
}

/**
 * The note goes at the end of the first message when it is text (quick replies stay on the last
 * one), else as a text message right after it.
 */
export function withNotes(rendered: Message[], answer: Answer): Message[] {
  const messages = answer.followUpOf
    ? withTopicLine(rendered, followUpLine(answer.followUpOf.label))
    : rendered;
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
