// A project as a compact card: badge, title, 施策, 担当課 and its first actions, in Japanese or English
// captions. Several projects asked at once are a carousel of these; so is an English project answer.
import type { messagingApi } from "@line/bot-sdk";
import type { Answer, ProjectCard } from "../../answer/index.js";
import { type Captions, ENGLISH, JAPANESE } from "./captions.js";
import {
  box,
  button,
  type FlexBubble,
  type FlexComponent,
  MUTED,
  present,
  RULE,
  STATUS_COLORS,
  statusBadge,
  text,
} from "./flex-parts.js";
import { projectAltText, timeline } from "./project-card.js";
import { yearsText } from "./text.js";

/** Actions a card of several shows; the card's button opens the rest. */
export const SEVERAL_SHOWN_ACTIONS = 2;

function statusSection(card: ProjectCard, captions: Captions, shownActions: number): FlexComponent[] {
  switch (card.status) {
    case "実施あり": {
      const shown = card.actions.slice(0, shownActions);
      const parts: FlexComponent[] = [
        text(captions.actions, { size: "xs", weight: "bold", color: MUTED, margin: "md" }),
        ...timeline(shown, STATUS_COLORS[card.status], captions.yearPrefix),
      ];
      const hidden = card.totalActions - shown.length;
      if (hidden > 0) parts.push(text(`（${captions.moreActions(hidden)}）`, { size: "xs", color: MUTED }));
      return parts;
    }
    case "未実施":
      return [text(captions.notDone, { size: "xs", margin: "md" })];
    case "記載なし":
      return [text(captions.nothingRecorded, { size: "xs", margin: "md" })];
  }
}

/** `source`: the edition line, on the last card of a carousel only. */
export function compactBubble(
  card: ProjectCard,
  captions: Captions,
  options: { shownActions: number; source: string | null; follow?: messagingApi.FlexButton | null },
): FlexBubble {
  const open = button(captions.details, card.detail, captions.detailsDisplay(card.shortName));
  const footer: FlexComponent[] = present([open, options.follow ?? null]);
  if (options.source) footer.push(text(options.source, { size: "xxs", color: MUTED, margin: "sm" }));
  return {
    type: "bubble",
    size: "mega",
    body: box(
      "vertical",
      [
        box(
          "horizontal",
          [
            text(captions.statusCaption, { size: "xxs", color: MUTED, flex: 0, gravity: "center" }),
            statusBadge(card.status, "xs", captions.status(card.status)),
          ],
          { spacing: "md" },
        ),
        text(card.title, { weight: "bold", size: "md", margin: "md" }),
        text(`${captions.measure} › ${card.measureTitle}`, { size: "xs", color: MUTED, margin: "sm" }),
        box(
          "horizontal",
          [
            text(captions.department, { size: "xs", color: MUTED, flex: 0 }),
            text(card.departments.join("、") || captions.noDepartment, { size: "xs", weight: "bold" }),
          ],
          { spacing: "md", margin: "sm" },
        ),
        { type: "separator", margin: "md", color: RULE },
        ...statusSection(card, captions, options.shownActions),
      ],
      { paddingAll: "lg" },
    ),
    ...(footer.length > 0 ? { footer: box("vertical", footer, { paddingTop: "none" }) } : {}),
  };
}

/** One card per project; the edition line under the last. */
export function severalBubbles(
  answer: Extract<Answer, { kind: "several" }>,
  captions: Captions = JAPANESE,
): FlexBubble[] {
  return answer.items.map((card, i) =>
    compactBubble(card, captions, {
      shownActions: SEVERAL_SHOWN_ACTIONS,
      source: i === answer.items.length - 1 ? captions.source(answer.edition) : null,
    }),
  );
}

export function severalAltText(answer: Extract<Answer, { kind: "several" }>): string {
  return answer.items.map(projectAltText).join(" ");
}

/** 「title」Status: 実施あり (carried out) / Department: … / FY …: what a notification shows. */
export function englishAltText(card: ProjectCard): string {
  const years = card.actions.map(yearsText).filter((y) => y !== "");
  const when =
    years.length > 0 ? ` / ${ENGLISH.yearPrefix}${years[0]}${years.length > 1 ? " etc." : ""}` : "";
  const departments = card.departments.join("、") || ENGLISH.noDepartment;
  return `「${card.title}」${ENGLISH.status(card.status)} / ${ENGLISH.department}: ${departments}${when}`;
}
