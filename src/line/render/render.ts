// Answer → LINE messages within the platform's limits. The first message carries the answer's facts.
import type { messagingApi } from "@line/bot-sdk";
import { type Answer, type FollowUp, PAGE_SIZE, type ProjectSummary } from "../../answer/index.js";
import { renderEnglish } from "./english.js";
import { candidateBubble, overviewBubble } from "./flex.js";
import { encodeFollowUp } from "./follow-up.js";
import { levelText, severalText } from "./level.js";
import {
  LINE_LIMITS,
  truncate,
  truncateAltText,
  truncateDisplayText,
  truncateQuickReplyLabel,
  truncateText,
} from "./limits.js";
import { withNotes } from "./notes.js";
import { cannedText, countText, listText, overviewText, projectText } from "./text.js";

type Message = messagingApi.Message;
type QuickReplyItem = messagingApi.QuickReplyItem;

function textMessage(text: string): messagingApi.TextMessage {
  return { type: "text", text: truncateText(text) };
}

function postbackItem(label: string, followUp: FollowUp, displayText: string): QuickReplyItem | null {
  const data = encodeFollowUp(followUp);
  if (!data) return null;
  return {
    type: "action",
    action: {
      type: "postback",
      label: truncateQuickReplyLabel(label),
      data,
      displayText: truncateDisplayText(displayText),
    },
  };
}

function messageItem(text: string): QuickReplyItem {
  return { type: "action", action: { type: "message", label: truncateQuickReplyLabel(text), text } };
}

function detailItem(item: ProjectSummary, number: number): QuickReplyItem | null {
  return postbackItem(
    `${number}. ${item.title}`,
    { kind: "detail", id: item.id },
    `「${truncate(item.title, 60)}」を詳しく`,
  );
}

/** Quick replies go on the last message: LINE shows them only there. */
function withQuickReply(messages: Message[], items: (QuickReplyItem | null)[]): Message[] {
  const present = items
    .filter((item): item is QuickReplyItem => item !== null)
    .slice(0, LINE_LIMITS.quickReplyItems);
  const last = messages[messages.length - 1];
  if (!last || present.length === 0) return messages;
  return [...messages.slice(0, -1), { ...last, quickReply: { items: present } }];
}

function candidatesCarousel(candidates: readonly ProjectSummary[]): messagingApi.FlexMessage {
  const shown = candidates.slice(0, LINE_LIMITS.carouselBubbles);
  const alt = `ほかの候補：${shown.map((c) => `「${c.title}」${c.status}`).join("、")}`;
  return {
    type: "flex",
    altText: truncateAltText(alt),
    contents: { type: "carousel", contents: shown.map(candidateBubble) },
  };
}

function render(answer: Answer): Message[] {
  switch (answer.kind) {
    case "project": {
      const messages: Message[] = [textMessage(projectText(answer))];
      if (answer.candidates.length > 0) {
        messages.push(
          textMessage("ほかにも、お尋ねに近い事業があります。"),
          candidatesCarousel(answer.candidates),
        );
      }
      return messages;
    }
    case "list": {
      const next = answer.next
        ? postbackItem(
            `次の${Math.min(PAGE_SIZE, answer.total - answer.offset - answer.items.length)}件`,
            answer.next,
            "続きを見る",
          )
        : null;
      const details = answer.items.map((item, i) => detailItem(item, answer.offset + i + 1));
      return withQuickReply([textMessage(listText(answer))], [next, ...details]);
    }
    case "count": {
      const list = answer.list ? postbackItem("一覧を見る", answer.list, "一覧を見る") : null;
      return withQuickReply([textMessage(countText(answer))], [list]);
    }
    case "level":
      return [textMessage(levelText(answer))];
    case "several":
      return [textMessage(severalText(answer))];
    case "english":
      return renderEnglish(answer.answer, render);
    case "overview": {
      const flex: messagingApi.FlexMessage = {
        type: "flex",
        altText: truncateAltText(overviewText(answer)),
        contents: overviewBubble(answer),
      };
      return [flex];
    }
    default:
      return withQuickReply([textMessage(cannedText(answer))], answer.examples.map(messageItem));
  }
}

/** The reply to send for an answer: 1 to 5 messages, every one within LINE's limits. */
export function renderAnswer(answer: Answer): Message[] {
  return withNotes(render(answer), answer).slice(0, LINE_LIMITS.messagesPerReply);
}
