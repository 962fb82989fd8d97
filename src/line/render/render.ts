// Answer → LINE messages within the platform's limits. The first message carries the answer's facts.
// Every button is a postback: it reaches the bot in groups and rooms too, where text needs a mention.
import type { messagingApi } from "@line/bot-sdk";
import { type Answer, type FollowUp, PAGE_SIZE, type ProjectSummary } from "../../answer/index.js";
import { severalAltText, severalBubbles } from "./compact-card.js";
import { renderEnglish } from "./english.js";
import { overviewBubble } from "./flex.js";
import { postbackAction, present } from "./flex-parts.js";
import { type FollowState, followAction } from "./follow-button.js";
import { levelText, severalText } from "./level.js";
import { levelAltText, levelBubbles } from "./level-card.js";
import { LINE_LIMITS, truncateQuickReplyLabel } from "./limits.js";
import { countBubble, departmentsBubbles, listBubble } from "./list-card.js";
import { bubblesContainer, flexMessage, textMessage, withinCarousel } from "./messages.js";
import { withNotes } from "./notes.js";
import { candidateBubble, projectAltText, projectBubble } from "./project-card.js";
import {
  cannedText,
  changesText,
  countText,
  departmentListText,
  listText,
  overviewText,
  projectText,
} from "./text.js";

type Message = messagingApi.Message;
type QuickReplyItem = messagingApi.QuickReplyItem;

export interface RenderOptions {
  /** "text": plain text messages with the same facts, for where Flex cannot be shown. Default "flex". */
  format?: "flex" | "text";
  /** The citizen's follows: project cards offer 「変わったらお知らせ」. Absent: not offered (groups, rooms). */
  follow?: FollowState;
}

function quickReply(label: string, followUp: FollowUp, displayText: string): QuickReplyItem | null {
  const action = postbackAction(label, followUp, displayText);
  return action ? { type: "action", action: { ...action, label: truncateQuickReplyLabel(label) } } : null;
}

function askItem(question: string): QuickReplyItem | null {
  return quickReply(question, { kind: "ask", question }, question);
}

/** 「3. 景観写真展」, or the short name alone when the number would not fit 20 characters. */
function detailItem(
  item: Pick<ProjectSummary, "shortName" | "detail">,
  number: number,
): QuickReplyItem | null {
  const numbered = `${number}. ${item.shortName}`;
  const label = numbered.length <= LINE_LIMITS.quickReplyLabelLength ? numbered : item.shortName;
  return quickReply(label, item.detail, `「${item.shortName}」を詳しく`);
}

/** Quick replies go on the last message: LINE shows them only there. */
function withQuickReply(messages: Message[], items: (QuickReplyItem | null)[]): Message[] {
  const shown = present(items).slice(0, LINE_LIMITS.quickReplyItems);
  const last = messages[messages.length - 1];
  if (!last || shown.length === 0) return messages;
  return [...messages.slice(0, -1), { ...last, quickReply: { items: shown } }];
}

function candidatesCarousel(candidates: readonly ProjectSummary[]): messagingApi.FlexMessage {
  const shown = candidates.slice(0, LINE_LIMITS.carouselBubbles);
  const alt = `ほかの候補：${shown.map((c) => `「${c.shortName}」${c.status}`).join("、")}`;
  return flexMessage(alt, { type: "carousel", contents: withinCarousel(shown.map(candidateBubble)) });
}

function listAltText(answer: Extract<Answer, { kind: "list" }>): string {
  return `${answer.heading}：${answer.items.map((item) => `${item.shortName}（${item.status}）`).join("、")}`;
}

function pageItems(answer: Extract<Answer, { kind: "list" }>): (QuickReplyItem | null)[] {
  const remaining = answer.total - answer.offset - answer.items.length;
  return [
    answer.previous ? quickReply(`前の${PAGE_SIZE}件`, answer.previous, "前のページを見る") : null,
    answer.next ? quickReply(`次の${Math.min(PAGE_SIZE, remaining)}件`, answer.next, "続きを見る") : null,
  ];
}

/** In text replies the card's 「変わったらお知らせ」 is a quick reply. */
function followItem(projectId: string, follow: FollowState | undefined): QuickReplyItem | null {
  if (!follow) return null;
  const action = followAction(projectId, follow);
  return { type: "action", action: { ...action, label: truncateQuickReplyLabel(action.label ?? "") } };
}

function render(answer: Answer, flex: boolean, follow?: FollowState): Message[] {
  switch (answer.kind) {
    case "project": {
      const card = answer.best;
      const first = flex
        ? flexMessage(projectAltText(card), projectBubble(answer, follow))
        : textMessage(projectText(answer));
      const more = card.more
        ? quickReply("すべて見る", card.more, `「${card.shortName}」の取組をすべて見る`)
        : null;
      const messages: Message[] = [first];
      if (answer.candidates.length > 0) {
        messages.push(textMessage("ほかにも、お尋ねに近い事業があります。"));
        messages.push(
          flex
            ? candidatesCarousel(answer.candidates)
            : textMessage(answer.candidates.map((c) => `・${c.title}（${c.status}）`).join("\n")),
        );
      }
      return withQuickReply(messages, [
        ...(flex ? [] : [more, followItem(card.id, follow)]),
        ...answer.candidates.map((c, i) => detailItem(c, i + 1)),
      ]);
    }
    case "list": {
      if (flex)
        return withQuickReply(
          [flexMessage(listAltText(answer), listBubble(answer, PAGE_SIZE))],
          pageItems(answer),
        );
      const details = answer.items.map((item, i) => detailItem(item, answer.offset + i + 1));
      return withQuickReply([textMessage(listText(answer))], [...pageItems(answer), ...details]);
    }
    case "count": {
      const first = flex
        ? flexMessage(countText(answer), countBubble(answer))
        : textMessage(countText(answer));
      return withQuickReply(
        [first],
        [answer.list ? quickReply("一覧を見る", answer.list, "一覧を見る") : null],
      );
    }
    case "level": {
      if (flex) return [flexMessage(levelAltText(answer), bubblesContainer(levelBubbles(answer)))];
      const details = answer.items.map((item, i) => detailItem(item, i + 1));
      return withQuickReply([textMessage(levelText(answer))], details);
    }
    case "several": {
      if (flex) return [flexMessage(severalAltText(answer), bubblesContainer(severalBubbles(answer)))];
      const details = answer.items.map((card, i) => detailItem(card, i + 1));
      return withQuickReply([textMessage(severalText(answer))], details);
    }
    case "english":
      return renderEnglish(answer.answer, (japanese) => render(japanese, flex, follow), flex, follow);
    case "overview":
      return flex
        ? [flexMessage(overviewText(answer), overviewBubble(answer))]
        : [textMessage(overviewText(answer))];
    case "changes":
      return withQuickReply(
        [textMessage(changesText(answer))],
        answer.items.map((item, i) => detailItem(item, i + 1)),
      );
    case "departments": {
      const text = departmentListText(answer);
      if (flex) return [flexMessage(text, bubblesContainer(departmentsBubbles(answer)))];
      const items = answer.departments.map((d) => quickReply(d.name, d.list, `${d.name}の事業は？`));
      return withQuickReply([textMessage(text)], items);
    }
    default:
      return withQuickReply(
        [textMessage(cannedText(answer))],
        [
          ...answer.examples.map(askItem),
          quickReply("担当課から探す", { kind: "departments" }, "担当課から探す"),
          answer.kind === "help" ? null : askItem("使い方"),
        ],
      );
  }
}

/** The reply to send for an answer: 1 to 5 messages, every one within LINE's limits. */
export function renderAnswer(answer: Answer, options: RenderOptions = {}): Message[] {
  return withNotes(render(answer, options.format !== "text", options.follow), answer).slice(
    0,
    LINE_LIMITS.messagesPerReply,
  );
}
