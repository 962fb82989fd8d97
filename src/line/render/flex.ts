// Flex containers: the overview bubble with a bar per 基本方針, and candidate bubbles.
import type { messagingApi } from "@line/bot-sdk";
import type { Answer, ProjectSummary, StatusCounts } from "../../answer/index.js";
import { encodeFollowUp } from "./follow-up.js";
import { truncate, truncateButtonLabel, truncateDisplayText } from "./limits.js";
import { sourceLine } from "./text.js";

type FlexBox = messagingApi.FlexBox;
type FlexBubble = messagingApi.FlexBubble;
type FlexComponent = messagingApi.FlexComponent;
type ProgressStatus = ProjectSummary["status"];

export const STATUS_COLORS: Record<ProgressStatus, string> = {
  実施あり: "#2E7D32",
  未実施: "#EF6C00",
  記載なし: "#9E9E9E",
};
const STATUSES: ProgressStatus[] = ["実施あり", "未実施", "記載なし"];
const MUTED = "#666666";
const MAX_TITLE = 120;

function text(value: string, extra: Partial<messagingApi.FlexText> = {}): messagingApi.FlexText {
  return { type: "text", text: value, wrap: true, size: "sm", ...extra };
}

function box(layout: FlexBox["layout"], contents: FlexComponent[], extra: Partial<FlexBox> = {}): FlexBox {
  return { type: "box", layout, contents, ...extra };
}

/** A horizontal bar split by status, each part as wide as its count. */
function statusBar(counts: StatusCounts): FlexBox {
  const parts = STATUSES.filter((status) => counts[status] > 0).map((status) =>
    box("vertical", [], { flex: counts[status], backgroundColor: STATUS_COLORS[status], height: "10px" }),
  );
  return box("horizontal", parts.length > 0 ? parts : [box("vertical", [], { height: "10px" })], {
    cornerRadius: "4px",
    backgroundColor: "#EEEEEE",
    margin: "sm",
  });
}

function countsLine(counts: StatusCounts): messagingApi.FlexText {
  return text(STATUSES.map((status) => `${status} ${counts[status]}`).join("　"), {
    size: "xs",
    color: MUTED,
    margin: "xs",
  });
}

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

export function candidateBubble(item: ProjectSummary): FlexBubble {
  const data = encodeFollowUp({ kind: "detail", id: item.id });
  const body: FlexComponent[] = [
    text(item.status, { weight: "bold", color: STATUS_COLORS[item.status], size: "xs" }),
    text(truncate(item.title, MAX_TITLE), { weight: "bold", maxLines: 5 }),
    text(`施策：${truncate(item.measureTitle, MAX_TITLE)}`, { size: "xs", color: MUTED, maxLines: 3 }),
    text(`担当課：${item.departments.join("、")}`, { size: "xs", color: MUTED }),
  ];
  if (item.years) body.push(text(item.years, { size: "xs", color: MUTED }));
  return {
    type: "bubble",
    size: "kilo",
    body: box("vertical", body, { spacing: "sm" }),
    ...(data
      ? {
          footer: box("vertical", [
            {
              type: "button",
              style: "link",
              height: "sm",
              action: {
                type: "postback",
                label: truncateButtonLabel("この事業を詳しく見る"),
                data,
                displayText: truncateDisplayText(`「${truncate(item.title, 40)}」を詳しく`),
              },
            },
          ]),
        }
      : {}),
  };
}
