// The overview bubble: the plan's totals, then a bar per 基本方針.
import type { Answer } from "../../answer/index.js";
import { box, type FlexBubble, MUTED, STATUS_COLORS, STATUSES, text } from "./flex-parts.js";
import { countsLine, statusBar } from "./list-card.js";
import { sourceLine } from "./text.js";

export function overviewBubble(answer: Extract<Answer, { kind: "overview" }>): FlexBubble {
  const legend = box(
    "horizontal",
    STATUSES.map((status) => text(`■ ${status}`, { size: "xs", color: STATUS_COLORS[status], wrap: false })),
    { margin: "md" },
  );
  const pillars = answer.pillars.map((pillar) =>
    box(
      "vertical",
      [
        text(`${pillar.no}. ${pillar.title}（${pillar.counts.total}事業）`, { weight: "bold" }),
        statusBar(pillar.counts),
        countsLine(pillar.counts),
      ],
      { margin: "lg" },
    ),
  );
  return {
    type: "bubble",
    size: "mega",
    header: box("vertical", [
      text("プランの進捗（全体）", { weight: "bold", size: "lg" }),
      text(`全${answer.counts.total}事業`, { size: "md", weight: "bold" }),
      text(STATUSES.map((status) => `${status} ${answer.counts[status]}件`).join("／")),
      statusBar(answer.counts),
    ]),
    body: box("vertical", [text("基本方針別", { color: MUTED, size: "xs" }), legend, ...pillars]),
    footer: box("vertical", [text(sourceLine(answer.edition), { size: "xxs", color: MUTED })]),
  };
}
