// LINE messages as an HTML page close to how the LINE app lays them out: a chat column with text
// bubbles, Flex bubbles and carousels (CSS flexbox, as Flex itself is), and the quick-reply chips.
// For people to look at replies (npm run ask -- --html, the screenshot test); never sent anywhere.
import type { messagingApi } from "@line/bot-sdk";

type FlexComponent = messagingApi.FlexComponent;
type FlexBox = messagingApi.FlexBox;
type FlexBubble = messagingApi.FlexBubble;

/** Flex's keywords for spacing, margins, paddings and corner radii alike. */
const SPACE: Record<string, string> = {
  none: "0",
  xs: "2px",
  sm: "4px",
  md: "8px",
  lg: "12px",
  xl: "16px",
  xxl: "20px",
};
const FONT: Record<string, string> = {
  xxs: "11px",
  xs: "13px",
  sm: "14px",
  md: "16px",
  lg: "19px",
  xl: "22px",
  xxl: "29px",
  "3xl": "35px",
  "4xl": "48px",
  "5xl": "74px",
};
const BUBBLE_WIDTH: Record<string, string> = {
  nano: "120px",
  micro: "160px",
  deca: "220px",
  hecto: "241px",
  kilo: "260px",
  mega: "300px",
  giga: "386px",
};

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

const size = (value: string | undefined, table: Record<string, string>) =>
  value === undefined ? undefined : (table[value] ?? value);

function style(entries: Record<string, string | number | undefined>): string {
  const css = Object.entries(entries)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}:${v}`)
    .join(";");
  return css ? ` style="${escapeHtml(css)}"` : "";
}

/** A child's share of its box: LINE's default flex is 1 in horizontal boxes, 0 in vertical ones. */
function flexOf(component: FlexComponent, parent: FlexBox["layout"]): string {
  const flex = "flex" in component && typeof component.flex === "number" ? component.flex : undefined;
  const grow = flex ?? (parent === "vertical" ? 0 : 1);
  return parent === "vertical" ? `${grow} 0 auto` : `${grow} ${grow} ${grow === 0 ? "auto" : "0"}`;
}

function marginOf(component: FlexComponent, parent: FlexBox["layout"]): Record<string, string | undefined> {
  const margin = "margin" in component ? size(component.margin as string | undefined, SPACE) : undefined;
  return parent === "vertical" ? { "margin-top": margin } : { "margin-left": margin };
}

function tapTarget(action: messagingApi.Action | undefined): string {
  return action
    ? ` data-action="${escapeHtml(action.type ?? "")}" title="${escapeHtml(action.label ?? "")}"`
    : "";
}

function boxHtml(box: FlexBox, parent: FlexBox["layout"]): string {
  const direction = box.layout === "vertical" ? "column" : "row";
  const css = style({
    display: "flex",
    "flex-direction": direction,
    "align-items":
      box.layout === "baseline" ? "baseline" : box.layout === "horizontal" ? "stretch" : undefined,
    gap: size(box.spacing, SPACE),
    flex: flexOf(box, parent),
    "min-width": "0",
    ...marginOf(box, parent),
    "background-color": box.backgroundColor,
    "border-radius": size(box.cornerRadius, SPACE),
    border: box.borderWidth
      ? `${size(box.borderWidth, SPACE)} solid ${box.borderColor ?? "#000"}`
      : undefined,
    width: box.width,
    "max-width": box.maxWidth,
    height: box.height,
    "max-height": box.maxHeight,
    padding: size(box.paddingAll, SPACE),
    "padding-top": size(box.paddingTop, SPACE),
    "padding-bottom": size(box.paddingBottom, SPACE),
    "padding-left": size(box.paddingStart, SPACE),
    "padding-right": size(box.paddingEnd, SPACE),
    position: box.position === "absolute" ? "absolute" : "relative",
    left: box.offsetStart,
    top: box.offsetTop,
    cursor: box.action ? "pointer" : undefined,
    "justify-content": box.justifyContent,
    "align-self": undefined,
  });
  const children = box.contents.map((child) => componentHtml(child, box.layout)).join("");
  return `<div class="box ${box.layout}"${css}${tapTarget(box.action)}>${children}</div>`;
}

function textHtml(text: messagingApi.FlexText, parent: FlexBox["layout"]): string {
  const clamp = text.maxLines && text.wrap ? text.maxLines : undefined;
  const css = style({
    flex: flexOf(text, parent),
    ...marginOf(text, parent),
    "font-size": size(text.size ?? "md", FONT),
    "font-weight": text.weight === "bold" ? "700" : undefined,
    color: text.color ?? "#111111",
    "text-align": text.align === "end" ? "right" : text.align === "center" ? "center" : undefined,
    "align-self": text.gravity === "center" ? "center" : text.gravity === "bottom" ? "flex-end" : undefined,
    "white-space": text.wrap ? "pre-wrap" : "nowrap",
    overflow: text.wrap && !clamp ? undefined : "hidden",
    "text-overflow": text.wrap ? undefined : "ellipsis",
    display: clamp ? "-webkit-box" : undefined,
    "-webkit-line-clamp": clamp,
    "-webkit-box-orient": clamp ? "vertical" : undefined,
    "min-width": "0",
  });
  return `<div class="text"${css}>${escapeHtml(text.text ?? "")}</div>`;
}

function buttonHtml(button: messagingApi.FlexButton, parent: FlexBox["layout"]): string {
  const filled = button.style === "primary" || button.style === "secondary";
  const background = button.style === "primary" ? (button.color ?? "#17C950") : "#E9EBEE";
  const css = style({
    flex: flexOf(button, parent),
    ...marginOf(button, parent),
    height: button.height === "sm" ? "40px" : "52px",
    display: "flex",
    "align-items": "center",
    "justify-content": "center",
    "border-radius": "6px",
    "font-size": "15px",
    "background-color": filled ? background : undefined,
    color: button.style === "primary" ? "#FFFFFF" : filled ? "#111111" : (button.color ?? "#42659A"),
    "font-weight": "600",
    "min-width": "0",
  });
  return `<div class="button"${css}${tapTarget(button.action)}>${escapeHtml(button.action.label ?? "")}</div>`;
}

function componentHtml(component: FlexComponent, parent: FlexBox["layout"]): string {
  switch (component.type) {
    case "box":
      return boxHtml(component, parent);
    case "text":
      return textHtml(component, parent);
    case "button":
      return buttonHtml(component, parent);
    case "separator":
      return `<div class="separator"${style({ ...marginOf(component, parent), "border-top": `1px solid ${component.color ?? "#DDDDDD"}`, "align-self": "stretch" })}></div>`;
    case "filler":
      return `<div${style({ flex: flexOf(component, parent) })}></div>`;
    default:
      return `<div class="unsupported">(${escapeHtml(component.type)})</div>`;
  }
}

function bubbleHtml(bubble: FlexBubble): string {
  const block = (name: string, part: FlexBox | undefined, padding: string) =>
    part
      ? `<div class="block ${name}"${style({ padding, "background-color": part.backgroundColor, display: "flex", "flex-direction": "column" })}>${componentHtml(part, "vertical")}</div>`
      : "";
  const hero = bubble.hero ? `<div class="block hero">${componentHtml(bubble.hero, "vertical")}</div>` : "";
  return `<div class="bubble"${style({ width: BUBBLE_WIDTH[bubble.size ?? "mega"] ?? "300px" })}>${block("header", bubble.header, "20px 20px 0")}${hero}${block("body", bubble.body, "16px 20px")}${block("footer", bubble.footer, "4px 12px 14px")}</div>`;
}

function messageHtml(message: messagingApi.Message): string {
  if (message.type === "text")
    return `<div class="message bot text-message">${escapeHtml(message.text)}</div>`;
  if (message.type === "flex") {
    const container = message.contents;
    const inner =
      container.type === "bubble"
        ? bubbleHtml(container)
        : `<div class="carousel">${container.contents.map(bubbleHtml).join("")}</div>`;
    return `<div class="message bot flex-message">${inner}<div class="alt">altText: ${escapeHtml(message.altText)}</div></div>`;
  }
  return `<div class="message bot">(${escapeHtml(message.type)})</div>`;
}

function quickReplyHtml(messages: readonly messagingApi.Message[]): string {
  const items = messages.at(-1)?.quickReply?.items ?? [];
  if (items.length === 0) return "";
  const chips = items
    .map((item) => `<div class="chip">${escapeHtml(item.action?.label ?? "")}</div>`)
    .join("");
  return `<div class="quick-reply">${chips}</div>`;
}

const PAGE_STYLE = `
* { box-sizing: border-box; }
body { margin: 0; background: #8CABD9; font-family: "Noto Sans CJK JP", "Hiragino Sans", "Noto Sans JP", sans-serif; }
.chat { width: 390px; padding: 12px 10px 16px; display: flex; flex-direction: column; gap: 10px; }
.user { align-self: flex-end; background: #06C755; color: #fff; border-radius: 18px; padding: 8px 12px; max-width: 280px; font-size: 15px; white-space: pre-wrap; }
.message { align-self: flex-start; max-width: 100%; }
.text-message { background: #fff; border-radius: 18px; padding: 10px 13px; font-size: 15px; white-space: pre-wrap; max-width: 300px; line-height: 1.45; }
.bubble { background: #fff; border-radius: 18px; overflow: hidden; flex: 0 0 auto; line-height: 1.4; }
.carousel { display: flex; gap: 8px; overflow-x: auto; width: 370px; align-items: stretch; }
.carousel .bubble { display: flex; flex-direction: column; }
.carousel .bubble .footer { margin-top: auto; }
.alt { font-size: 10px; color: #23395d; margin-top: 4px; max-width: 300px; opacity: .8; }
.quick-reply { display: flex; gap: 6px; overflow-x: auto; padding: 8px 0 0; }
.chip { flex: 0 0 auto; background: #fff; border: 1px solid #c9c9c9; border-radius: 16px; padding: 6px 12px; font-size: 13px; color: #111; white-space: nowrap; }
`;

/** A whole page: the question (when given) as the citizen's bubble, then the reply. */
export function renderHtml(messages: readonly messagingApi.Message[], question?: string): string {
  const asked = question ? `<div class="user">${escapeHtml(question)}</div>` : "";
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(question ?? "LINE reply")}</title><style>${PAGE_STYLE}</style></head>
<body><div class="chat">${asked}${messages.map(messageHtml).join("")}${quickReplyHtml(messages)}</div></body></html>
`;
}
