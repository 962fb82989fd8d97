// A 施策 or section as a whole: its title, the count per label, then one row per project (badge, short
// name, a tap target for details). Ten rows a bubble keep each within a screen and a half; a longer
// level pages as a carousel.
import type { Answer, StatusCounts } from "../../answer/index.js";
import { type Captions, JAPANESE } from "./captions.js";
import { box, type FlexBubble, MUTED, STATUSES, text } from "./flex-parts.js";
import { footer, projectRow, statusBar, withRules } from "./list-card.js";

type Level = Extract<Answer, { kind: "level" }>;

export const LEVEL_ROWS_PER_BUBBLE = 10;

/** Only the labels that occur: a level with nothing 未実施 does not mention 未実施. */
export function presentCounts(counts: StatusCounts, captions: Captions): string {
  return STATUSES.filter((status) => counts[status] > 0)
    .map((status) => captions.counts(status, counts[status]))
    .join(captions.comma);
}

export function levelBubbles(answer: Level, captions: Captions = JAPANESE): FlexBubble[] {
  const rows = answer.items.map((item, i) => projectRow(item, i + 1, captions.statusNote(item.status)));
  const paged = rows.length > LEVEL_ROWS_PER_BUBBLE;
  const bubbles: FlexBubble[] = [];
  for (let start = 0; start === 0 || start < rows.length; start += LEVEL_ROWS_PER_BUBBLE) {
    const shown = rows.slice(start, start + LEVEL_ROWS_PER_BUBBLE);
    const range = paged ? `（${start + 1}～${start + shown.length}）` : "";
    bubbles.push({
      type: "bubble",
      size: "mega",
      header: box("vertical", [
        text(`${captions.levelName(answer.level)} › ${answer.parentTitle}`, {
          size: "xxs",
          color: MUTED,
          maxLines: 2,
        }),
        text(answer.title, { weight: "bold", size: "md", margin: "xs" }),
        text(
          `${captions.projects(answer.counts.total)}${range}${captions.colon}${presentCounts(answer.counts, captions)}`,
          {
            size: "xs",
            weight: "bold",
            margin: "sm",
          },
        ),
        statusBar(answer.counts),
      ]),
      body: box("vertical", shown.length > 0 ? withRules(shown) : [text("—")], { paddingTop: "none" }),
      footer: box("vertical", footer(answer.edition, [], captions.source)),
    });
  }
  return bubbles;
}

/** 施策「…」全7事業（実施あり3件、未実施4件）：short（label）、… */
export function levelAltText(answer: Level): string {
  const items = answer.items.map((item) => `${item.shortName}（${item.status}）`).join("、");
  return `${answer.level}「${answer.title}」${JAPANESE.projects(answer.counts.total)}（${presentCounts(answer.counts, JAPANESE)}）：${items}`;
}
