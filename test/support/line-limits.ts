// Checks a reply against the documented LINE limits (platform-notes.md), and that every button is a
// postback this bot decodes (so it works in groups and rooms too). Returns the problems found.
import type { messagingApi } from "@line/bot-sdk";
import { decodeFollowUp, LINE_LIMITS } from "../../src/line/render/index.js";

type Visit = (key: string, value: unknown, parent: Record<string, unknown>) => void;

export function walk(value: unknown, visit: Visit): void {
  if (Array.isArray(value)) for (const item of value) walk(item, visit);
  else if (value !== null && typeof value === "object")
    for (const [key, child] of Object.entries(value)) {
      visit(key, child, value as Record<string, unknown>);
      walk(child, visit);
    }
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

function actionProblems(action: Record<string, unknown>, labelLimit: number): string[] {
  const problems: string[] = [];
  const label = action.label;
  if (typeof label !== "string" || label.length === 0 || label.length > labelLimit)
    problems.push(`label ${String(label)}`);
  else if (label.endsWith("…")) problems.push(`cut label ${label}`);
  if (action.type !== "postback") problems.push(`${String(action.type)} action (needs a mention in groups)`);
  const data = action.data;
  if (
    typeof data !== "string" ||
    data.length > LINE_LIMITS.postbackDataLength ||
    decodeFollowUp(data) === null
  )
    problems.push(`postback data ${String(data)}`);
  const display = action.displayText;
  if (typeof display !== "string" || display.length === 0 || display.length > LINE_LIMITS.displayTextLength)
    problems.push("displayText");
  return problems;
}

export function limitProblems(messages: readonly messagingApi.Message[]): string[] {
  const problems: string[] = [];
  if (messages.length < 1 || messages.length > LINE_LIMITS.messagesPerReply)
    problems.push(`${messages.length} messages`);
  messages.forEach((message, i) => {
    if (
      message.type === "text" &&
      (message.text.length === 0 || message.text.length > LINE_LIMITS.textLength)
    )
      problems.push(`text ${message.text.length}`);
    if (message.type === "flex") {
      const alt = message.altText;
      if (alt.length < 10 || alt.length > LINE_LIMITS.altTextLength) problems.push(`altText ${alt}`);
      const container = message.contents;
      if (container.type === "carousel") {
        if (container.contents.length > LINE_LIMITS.carouselBubbles) problems.push("carousel bubbles");
        if (bytes(container) > LINE_LIMITS.carouselBytes) problems.push("carousel too large");
        for (const bubble of container.contents)
          if (bytes(bubble) > LINE_LIMITS.bubbleBytes) problems.push("bubble too large");
      } else if (bytes(container) > LINE_LIMITS.bubbleBytes) problems.push("bubble too large");
      walk(container, (key, value) => {
        if (key === "action" && value !== null && typeof value === "object")
          problems.push(...actionProblems(value as Record<string, unknown>, LINE_LIMITS.buttonLabelLength));
        if (key === "text" && typeof value === "string" && value.length === 0) problems.push("empty text");
      });
    }
    const items = message.quickReply?.items ?? [];
    if (items.length > LINE_LIMITS.quickReplyItems) problems.push("quick reply items");
    if (items.length > 0 && i !== messages.length - 1) problems.push("quick reply not on the last message");
    for (const item of items)
      problems.push(
        ...actionProblems(
          item.action as unknown as Record<string, unknown>,
          LINE_LIMITS.quickReplyLabelLength,
        ),
      );
    walk(message, (_key, value) => {
      if (typeof value === "string" && /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(value))
        problems.push("lone surrogate");
    });
  });
  return problems;
}
