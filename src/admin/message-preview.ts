// LINE messages as HTML, to show staff a reply as a citizen sees it: text bubbles, Flex bubbles and
// carousels, quick-reply chips. Every text is escaped; colours and sizes pass only when well formed.
import type { LineMessage } from "../line/index.js";

type Flex = Extract<LineMessage, { type: "flex" }>;
type Container = Flex["contents"];
type Bubble = Extract<Container, { type: "bubble" }>;
type Component = NonNullable<Bubble["body"]>["contents"][number];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const COLOR = /^#[0-9a-fA-F]{3,8}$/;
const LENGTH = /^\d{1,4}(px|%)$/;
const SIZES = new Set(["xxs", "xs", "sm", "md", "lg", "xl", "xxl", "3xl", "4xl", "5xl"]);

function styleOf(parts: Record<string, string | number | undefined>): string {
  const rules = Object.entries(parts).flatMap(([property, value]) => {
    if (value === undefined) return [];
    if (typeof value === "number") return Number.isFinite(value) ? [`${property}:${value}`] : [];
    return COLOR.test(value) || LENGTH.test(value) ? [`${property}:${value}`] : [];
  });
  return rules.length > 0 ? ` style="${rules.join(";")}"` : "";
}

function sizeClass(size: string | undefined): string {
  return size && SIZES.has(size) ? ` lp-size-${size}` : "";
}

function component(c: Component): string {
  switch (c.type) {
    case "text": {
      const weight = c.weight === "bold" ? " lp-bold" : "";
      return `<p class="lp-text${sizeClass(c.size)}${weight}"${styleOf({ color: c.color, flex: c.flex })}>${escapeHtml(c.text ?? "")}</p>`;
    }
    case "box": {
      const style = styleOf({
        "background-color": c.backgroundColor,
        height: c.height,
        flex: c.flex,
        width: c.width,
      });
      const empty = c.contents.length === 0 ? " lp-bar" : "";
      return `<div class="lp-box lp-${c.layout}${empty}"${style}>${c.contents.map(component).join("")}</div>`;
    }
    case "button":
      return `<span class="lp-button" role="button" aria-disabled="true">${escapeHtml(c.action.label ?? "")}</span>`;
    case "separator":
      return `<hr class="lp-separator">`;
    case "image":
      return `<span class="lp-image">［画像］</span>`;
    default:
      return "";
  }
}

function bubble(b: Bubble): string {
  const parts = (["header", "hero", "body", "footer"] as const).flatMap((section) => {
    const part = b[section];
    return part ? [`<div class="lp-${section}">${component(part as Component)}</div>`] : [];
  });
  return `<div class="lp-bubble">${parts.join("")}</div>`;
}

function message(m: LineMessage): string {
  let body: string;
  if (m.type === "text") body = `<div class="lp-balloon">${escapeHtml(m.text)}</div>`;
  else if (m.type === "flex") {
    const c = m.contents;
    body =
      c.type === "bubble"
        ? bubble(c)
        : `<div class="lp-carousel" tabindex="0" aria-label="カルーセル（横にスクロール）">${c.contents.map(bubble).join("")}</div>`;
    body += `<p class="lp-alt">代替テキスト: ${escapeHtml(m.altText)}</p>`;
  } else body = `<div class="lp-balloon">（${escapeHtml(m.type)} メッセージ）</div>`;
  const items = m.quickReply?.items ?? [];
  const chips =
    items.length > 0
      ? `<ul class="lp-quick-replies" aria-label="クイックリプライ">${items
          .map((item) => `<li>${escapeHtml(item.action?.label ?? "")}</li>`)
          .join("")}</ul>`
      : "";
  return `<li class="lp-message">${body}${chips}</li>`;
}

/** The reply as HTML: a list of messages, the bot's side of a LINE chat. */
export function messagesHtml(messages: readonly LineMessage[]): string {
  return `<ol class="lp-chat" aria-label="ボットの返信">${messages.map(message).join("")}</ol>`;
}
