// Small Flex building blocks shared by every card: text, boxes, status badges, postback buttons.
import type { messagingApi } from "@line/bot-sdk";
import type { FollowUp, ProjectSummary } from "../../answer/index.js";
import { encodeFollowUp } from "./follow-up.js";
import { truncateButtonLabel, truncateDisplayText } from "./limits.js";

export type FlexBox = messagingApi.FlexBox;
export type FlexBubble = messagingApi.FlexBubble;
export type FlexComponent = messagingApi.FlexComponent;
export type FlexText = messagingApi.FlexText;
export type ProgressStatus = ProjectSummary["status"];

/**
 * Okabe–Ito hues (told apart with every common colour-vision deficiency), darkened so that white
 * badge text keeps a contrast of at least 4.5:1. The label is always written too.
 */
export const STATUS_COLORS: Record<ProgressStatus, string> = {
  実施あり: "#0A5C99",
  未実施: "#A33F00",
  記載なし: "#5F6368",
};
export const STATUSES: ProgressStatus[] = ["実施あり", "未実施", "記載なし"];
export const MUTED = "#6B6B6B";
export const RULE = "#E3E3E3";
export const LINK = "#0A5C99";

export function text(value: string, extra: Partial<FlexText> = {}): FlexText {
  return { type: "text", text: value, wrap: true, size: "sm", ...extra };
}

export function box(
  layout: FlexBox["layout"],
  contents: FlexComponent[],
  extra: Partial<FlexBox> = {},
): FlexBox {
  return { type: "box", layout, contents, ...extra };
}

/** The status label in words on its colour (`words`: the label with a gloss). */
export function statusBadge(
  status: ProgressStatus,
  size: FlexText["size"] = "xs",
  words: string = status,
): FlexBox {
  return box(
    "vertical",
    [text(words, { size, color: "#FFFFFF", weight: "bold", wrap: false, align: "center" })],
    {
      backgroundColor: STATUS_COLORS[status],
      cornerRadius: "4px",
      paddingTop: "2px",
      paddingBottom: "2px",
      paddingStart: "6px",
      paddingEnd: "6px",
      flex: 0,
    },
  );
}

/** A postback action; null when the follow-up does not fit LINE's postback data. */
export function postbackAction(
  label: string,
  followUp: FollowUp,
  displayText: string,
): messagingApi.PostbackAction | null {
  const data = encodeFollowUp(followUp);
  if (!data) return null;
  return {
    type: "postback",
    label: truncateButtonLabel(label),
    data,
    displayText: truncateDisplayText(displayText),
  };
}

export function button(
  label: string,
  followUp: FollowUp,
  displayText: string,
  style: messagingApi.FlexButton["style"] = "link",
): messagingApi.FlexButton | null {
  const action = postbackAction(label, followUp, displayText);
  return action
    ? { type: "button", style, height: "sm", action, color: style === "link" ? LINK : undefined }
    : null;
}

export const present = <T>(items: (T | null)[]): T[] => items.filter((item): item is T => item !== null);
