// A project (具体的な事業) as a Flex bubble: status badge, title, 施策, 担当課, actions as a timeline.
import type { ActionLine, Answer, ProjectCard, ProjectSummary } from "../../answer/index.js";
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
import { type FollowState, followButton } from "./follow-button.js";
import { truncate } from "./limits.js";
import { sourceLine, yearsText } from "./text.js";

type Of<K extends Answer["kind"]> = Extract<Answer, { kind: K }>;

/** One action: a dot on a line, then its years (as written and Western), text and 【担当課】. */
function timelineRow(action: ActionLine, color: string, last: boolean, yearPrefix: string): FlexComponent {
  const marker = box(
    "vertical",
    [
      box("vertical", [], { width: "9px", height: "9px", cornerRadius: "5px", backgroundColor: color }),
      box("vertical", [], last ? {} : { width: "2px", backgroundColor: RULE, flex: 1, offsetStart: "3px" }),
    ],
    { width: "12px", paddingTop: "4px", flex: 0 },
  );
  const when = yearsText(action);
  const lines: FlexComponent[] = [];
  if (when) lines.push(text(`${yearPrefix}${when}`, { size: "xs", weight: "bold", color }));
  lines.push(text(action.text, { size: "sm" }));
  if (action.departments.length > 0)
    lines.push(text(`【${action.departments.join("、")}】`, { size: "xxs", color: MUTED }));
  return box("horizontal", [marker, box("vertical", lines, { paddingBottom: last ? "none" : "md" })], {
    spacing: "md",
  });
}

/** `yearPrefix`: "FY " in English. */
export function timeline(actions: readonly ActionLine[], color: string, yearPrefix = ""): FlexComponent[] {
  return actions.map((action, i) => timelineRow(action, color, i === actions.length - 1, yearPrefix));
}

function label(value: string): FlexComponent {
  return text(value, { size: "xs", weight: "bold", color: MUTED, margin: "lg" });
}

function actionsSection(card: ProjectCard): FlexComponent[] {
  const color = STATUS_COLORS[card.status];
  const focused = card.matchedActions > 0 && card.matchedActions < card.actions.length;
  if (focused)
    return [
      label("お尋ねに当たる取組"),
      ...timeline(card.actions.slice(0, card.matchedActions), color),
      label("そのほかの取組"),
      ...timeline(card.actions.slice(card.matchedActions), color),
    ];
  const heading =
    card.matchedActions > 0
      ? "お尋ねに当たる取組"
      : card.actions.length < card.totalActions
        ? `実施したこと（${card.totalActions}件のうち${card.actions.length}件）`
        : `実施したこと（${card.totalActions}件）`;
  return [label(heading), ...timeline(card.actions, color)];
}

function statusSection(card: ProjectCard): FlexComponent[] {
  switch (card.status) {
    case "実施あり":
      return actionsSection(card);
    case "未実施":
      return [text("進捗一覧では、この事業は「未実施」と記録されています。", { margin: "lg" })];
    case "記載なし": {
      const parts: FlexComponent[] = [
        text("進捗一覧の「実施したこと」の欄は空欄で、この事業について何も記録されていません。", {
          margin: "lg",
        }),
      ];
      if (card.sibling && card.sibling.actions.length > 0)
        parts.push(
          text(
            `表では同じ施策の「${card.sibling.title}」と欄がひとつにまとめられているため、次の取組がこの事業にも当たると考えられます。`,
            { size: "xs", color: MUTED, margin: "md" },
          ),
          ...timeline(card.sibling.actions, STATUS_COLORS.実施あり),
        );
      return parts;
    }
  }
}

/** 「title」実施あり／担当課：…／the first action's years: what a notification shows. */
export function projectAltText(card: ProjectCard): string {
  const years = card.actions.map(yearsText).filter((y) => y !== "");
  const when = years.length > 0 ? `／${years[0]}${years.length > 1 ? "ほか" : ""}` : "";
  return `「${card.title}」${card.status}／担当課：${card.departments.join("、") || "記載なし"}${when}`;
}

/** `follow`: the citizen's follows, for 「変わったらお知らせ」; absent where following is not offered. */
export function projectBubble(answer: Of<"project">, follow?: FollowState): FlexBubble {
  const card = answer.best;
  const hidden = card.totalActions - card.actions.length;
  const more = card.more
    ? button(`すべて見る（全${card.totalActions}件）`, card.more, `「${card.shortName}」の取組をすべて見る`)
    : null;
  const body: FlexComponent[] = [
    box(
      "horizontal",
      [
        statusBadge(card.status, "sm"),
        text("具体的な事業", { size: "xxs", color: MUTED, gravity: "center" }),
      ],
      {
        spacing: "md",
      },
    ),
    text(card.title, { weight: "bold", size: "md", margin: "md" }),
    text(`施策 › ${card.measureTitle}`, { size: "xs", color: MUTED, margin: "sm" }),
    box(
      "horizontal",
      [
        text("担当課", { size: "xs", color: MUTED, flex: 0 }),
        text(card.departments.join("、") || "（担当課の記載がありません）", { size: "xs", weight: "bold" }),
      ],
      { spacing: "md", margin: "sm" },
    ),
    { type: "separator", margin: "lg", color: RULE },
    ...statusSection(card),
  ];
  if (hidden > 0 && !more)
    body.push(
      text(`（この事業には、ほかに${hidden}件の取組が記録されています）`, { size: "xs", color: MUTED }),
    );
  return {
    type: "bubble",
    size: "mega",
    body: box("vertical", body, { paddingAll: "lg" }),
    footer: box(
      "vertical",
      [
        ...present([more, followButton(card.id, follow)]),
        text(sourceLine(answer.edition), { size: "xxs", color: MUTED, margin: "sm" }),
      ],
      { paddingTop: "none" },
    ),
  };
}

/** A candidate after the best match: badge, short name, title, 担当課; the whole bubble opens it. */
export function candidateBubble(item: ProjectSummary): FlexBubble {
  const body: FlexComponent[] = [
    box("horizontal", [statusBadge(item.status)]),
    text(truncate(item.title, 120), { weight: "bold", maxLines: 4 }),
    text(`施策 › ${truncate(item.measureTitle, 120)}`, { size: "xs", color: MUTED, maxLines: 2 }),
    text(`担当課：${item.departments.join("、")}`, { size: "xs", color: MUTED }),
  ];
  if (item.years) body.push(text(item.years, { size: "xs", color: MUTED }));
  const open = button("この事業を詳しく見る", item.detail, `「${item.shortName}」を詳しく`);
  return {
    type: "bubble",
    size: "kilo",
    body: box("vertical", body, { spacing: "sm" }),
    ...(open ? { footer: box("vertical", [open]) } : {}),
  };
}
