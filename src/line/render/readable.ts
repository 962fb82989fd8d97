// LINE messages as plain text for a terminal (the ask CLI): what a person would read on the phone.
import type { messagingApi } from "@line/bot-sdk";
import { STATUS_COLORS } from "./flex-parts.js";

type FlexComponent = messagingApi.FlexComponent;

const BAR_WIDTH = 30;
const BAR_CHARS = ["█", "▓", "░"];
const barChar = new Map(Object.values(STATUS_COLORS).map((color, i) => [color, BAR_CHARS[i] ?? "#"]));

function bar(parts: messagingApi.FlexBox[]): string {
  const total = parts.reduce((sum, part) => sum + (part.flex ?? 0), 0);
  if (total === 0) return "";
  return parts
    .map((part) =>
      (barChar.get(part.backgroundColor ?? "") ?? "#").repeat(
        Math.round(((part.flex ?? 0) / total) * BAR_WIDTH),
      ),
    )
    .join("");
}

function componentLines(component: FlexComponent | undefined): string[] {
  if (!component) return [];
  switch (component.type) {
    case "text":
      return [component.text ?? ""];
    case "button":
      return [`[${component.action.label ?? ""}]`];
    case "box": {
      const children = component.contents;
      const isBar =
        children.length > 0 &&
        children.every((c) => c.type === "box" && c.contents.length === 0 && c.flex !== undefined);
      if (isBar) return [bar(children as messagingApi.FlexBox[])];
      const perChild = children.map(componentLines);
      if (component.layout === "vertical") return perChild.flat();
      // A row: the first line of each part side by side, then the parts' further lines indented.
      const first = perChild.flatMap((lines) => lines.slice(0, 1)).join("  ");
      return [first, ...perChild.flatMap((lines) => lines.slice(1)).map((line) => `　${line}`)];
    }
    default:
      return [];
  }
}

function bubbleLines(bubble: messagingApi.FlexBubble): string[] {
  return [bubble.header, bubble.hero, bubble.body, bubble.footer].flatMap(componentLines);
}

function messageText(message: messagingApi.Message): string {
  let body: string;
  if (message.type === "text") body = message.text;
  else if (message.type === "flex") {
    const container = message.contents;
    body =
      container.type === "bubble"
        ? bubbleLines(container).join("\n")
        : container.contents
            .map((bubble, i) => `〔${i + 1}〕\n${bubbleLines(bubble).join("\n")}`)
            .join("\n\n");
  } else body = `(${message.type})`;
  const items = message.quickReply?.items ?? [];
  if (items.length > 0)
    body += `\n\n選択肢：${items.map((item) => `［${item.action?.label ?? ""}］`).join(" ")}`;
  return body;
}

export function readableText(messages: readonly messagingApi.Message[]): string {
  return messages.map(messageText).join("\n\n――――――――\n\n");
}
