// The message お知らせ sends a citizen after a publish: every project they follow that changed, in
// words (status before → after, new actions with their years), with a button to each full card.
import type { messagingApi } from "@line/bot-sdk";
import type { ProjectChange } from "../../answer/index.js";
import { postbackAction } from "./flex-parts.js";
import { FOLLOW_LIST_TEXT } from "./follow-button.js";
import { LINE_LIMITS, truncateQuickReplyLabel, truncateText } from "./limits.js";
import { changeText, sourceLine } from "./text.js";

type QuickReplyItem = messagingApi.QuickReplyItem;

function cardItem(change: ProjectChange): QuickReplyItem | null {
  const action = postbackAction(
    `見る：${change.shortName}`,
    change.detail,
    `「${change.shortName}」を詳しく`,
  );
  return action
    ? { type: "action", action: { ...action, label: truncateQuickReplyLabel(action.label ?? "") } }
    : null;
}

/** One text message (LINE counts one message per citizen per call); quick replies open each card. */
export function renderNews(
  changes: readonly ProjectChange[],
  edition: string | null,
): messagingApi.Message[] {
  const text = [
    `【お知らせ】進捗一覧が新しくなりました${edition ? `（${edition}）` : ""}。お知らせを受け取っている事業が変わりました。`,
    "",
    ...changes.map(changeText),
    "",
    sourceLine(edition),
    `お知らせを止めるには「${FOLLOW_LIST_TEXT}」と送ってください。`,
  ].join("\n");
  const listAction = {
    type: "message" as const,
    label: FOLLOW_LIST_TEXT,
    text: FOLLOW_LIST_TEXT,
  };
  const items = [
    ...changes
      .slice(0, LINE_LIMITS.quickReplyItems - 1)
      .map(cardItem)
      .filter((item): item is QuickReplyItem => item !== null),
    { type: "action" as const, action: listAction },
  ];
  return [{ type: "text", text: truncateText(text), quickReply: { items } }];
}
