// LINE Messaging API limits (platform-notes.md) and length-safe cutting.

export const LINE_LIMITS = {
  messagesPerReply: 5,
  /** UTF-16 code units, like every length below. */
  textLength: 5000,
  altTextLength: 400,
  quickReplyItems: 13,
  quickReplyLabelLength: 20,
  /** Flex button and postback action labels. */
  buttonLabelLength: 40,
  postbackDataLength: 300,
  displayTextLength: 300,
  carouselBubbles: 12,
  /** JSON size of one Flex bubble, and of a whole carousel (bytes). */
  bubbleBytes: 30_000,
  carouselBytes: 50_000,
} as const;

const ELLIPSIS = "…";

/** Cuts to at most `max` UTF-16 units, never inside a surrogate pair, marking the cut with `marker`. */
export function truncate(text: string, max: number, marker = ELLIPSIS): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - marker.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + marker;
}

export const truncateText = (text: string) =>
  truncate(text, LINE_LIMITS.textLength, "\n…（長いため、ここまでを表示しています）");
export const truncateAltText = (text: string) => truncate(text, LINE_LIMITS.altTextLength);
export const truncateQuickReplyLabel = (text: string) => truncate(text, LINE_LIMITS.quickReplyLabelLength);
export const truncateButtonLabel = (text: string) => truncate(text, LINE_LIMITS.buttonLabelLength);
export const truncateDisplayText = (text: string) => truncate(text, LINE_LIMITS.displayTextLength);
