// Message objects within LINE's limits: text, Flex with its altText, bubbles as one container.
import type { messagingApi } from "@line/bot-sdk";
import { LINE_LIMITS, truncateAltText, truncateText } from "./limits.js";

export function textMessage(text: string): messagingApi.TextMessage {
  return { type: "text", text: truncateText(text) };
}

export function flexMessage(altText: string, contents: messagingApi.FlexContainer): messagingApi.FlexMessage {
  return { type: "flex", altText: truncateAltText(altText), contents };
}

const jsonBytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/** The leading bubbles that fit one carousel: at most 12, and 50 KB of JSON together. */
export function withinCarousel(bubbles: readonly messagingApi.FlexBubble[]): messagingApi.FlexBubble[] {
  const kept: messagingApi.FlexBubble[] = [];
  let bytes = jsonBytes({ type: "carousel", contents: [] });
  for (const bubble of bubbles.slice(0, LINE_LIMITS.carouselBubbles)) {
    bytes += jsonBytes(bubble) + 1;
    if (bytes > LINE_LIMITS.carouselBytes) break;
    kept.push(bubble);
  }
  return kept;
}

/** One bubble alone, or a carousel of those that fit. */
export function bubblesContainer(bubbles: readonly messagingApi.FlexBubble[]): messagingApi.FlexContainer {
  const kept = withinCarousel(bubbles);
  const [only] = kept;
  return only && kept.length === 1 ? only : { type: "carousel", contents: kept };
}
