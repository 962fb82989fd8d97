// Lists, counts and departments as Flex bubbles: one compact row per item, each row a tap target.
import type { Answer, ProjectSummary, StatusCounts } from "../../answer/index.js";
import {
  box,
  button,
  type FlexBubble,
  type FlexComponent,
  MUTED,
  postbackAction,
  present,
  RULE,
  STATUS_COLORS,
  STATUSES,
  statusBadge,
  text,
} from "./flex-parts.js";
import { sourceLine, yearsText } from "./text.js";

type Of<K extends Answer["kind"]> = Extract<Answer, { kind: K }>;

/** A horizontal bar split by status, each part as wide as its count. */
export function statusBar(counts: StatusCounts): FlexComponent {
  const parts = STATUSES.filter((status) => counts[status] > 0).map((status) =>
    box("vertical", [], { flex: counts[status], backgroundColor: STATUS_COLORS[status], height: "10px" }),
  );
  return box("horizontal", parts.length > 0 ? parts : [box("vertical", [], { height: "10px" })], {
    cornerRadius: "4px",
    backgroundColor: "#EEEEEE",
    margin: "sm",
  });
}

/** 実施あり 3　未実施 2　記載なし 0 */
export function countsLine(counts: StatusCounts): FlexComponent {
  return text(STATUSES.map((status) => `${status} ${counts[status]}`).join("　"), {
    size: "xs",
    color: MUTED,
    margin: "xs",
  });
}

/**
 * Badge, short name, the title in small print (one line), the years a year list is about; the whole
 * row opens the project. `note`: small print under the title (in English: the label's gloss).
 */
export function projectRow(item: ProjectSummary, number: number, note: string | null = null): FlexComponent {
  const lines: FlexComponent[] = [text(`${number}. ${item.shortName}`, { size: "sm", weight: "bold" })];
  if (item.shortName !== item.title) lines.push(text(item.title, { size: "xxs", color: MUTED, maxLines: 1 }));
  if (note) lines.push(text(note, { size: "xxs", color: STATUS_COLORS[item.status] }));
  // The actions a year or department list is about: when, then what (clamped; the text stays whole).
  for (const action of item.actions) {
    const when = yearsText(action);
    lines.push(
      text(when ? `${when}　${action.text}` : action.text, {
        size: "xxs",
        color: STATUS_COLORS[item.status],
        maxLines: 1,
      }),
    );
  }
  const action = postbackAction("詳しく見る", item.detail, `「${item.shortName}」を詳しく`);
  return box(
    "horizontal",
    [
      box("vertical", [statusBadge(item.status, "xxs")], { width: "58px", flex: 0, paddingTop: "2px" }),
      box("vertical", lines, { flex: 1 }),
      text("›", { size: "md", color: MUTED, flex: 0, gravity: "center" }),
    ],
    { spacing: "sm", paddingTop: "sm", paddingBottom: "sm", ...(action ? { action } : {}) },
  );
}

export function withRules(rows: FlexComponent[]): FlexComponent[] {
  return rows.flatMap((row, i) => (i === 0 ? [row] : [{ type: "separator", color: RULE } as const, row]));
}

export function footer(
  edition: string | null,
  buttons: FlexComponent[],
  source: (edition: string | null) => string = sourceLine,
): FlexComponent[] {
  return [
    ...(buttons.length > 0 ? [box("horizontal", buttons, { spacing: "sm" })] : []),
    text(source(edition), { size: "xxs", color: MUTED, margin: "sm" }),
  ];
}

export function listRange(answer: Of<"list">): string {
  const first = answer.offset + 1;
  const last = answer.offset + answer.items.length;
  return answer.total > answer.items.length ? `${first}～${last}件目を表示` : `全${answer.total}件`;
}

export function listBubble(answer: Of<"list">, pageSize: number): FlexBubble {
  const remaining = answer.total - answer.offset - answer.items.length;
  const buttons = present([
    answer.previous ? button(`前の${pageSize}件`, answer.previous, "前のページを見る", "secondary") : null,
    answer.next
      ? button(`次の${Math.min(pageSize, remaining)}件`, answer.next, "続きを見る", "primary")
      : null,
  ]);
  const rows = answer.items.map((item, i) => projectRow(item, answer.offset + i + 1));
  return {
    type: "bubble",
    size: "mega",
    header: box("vertical", [
      text(answer.heading, { weight: "bold", size: "md" }),
      text(listRange(answer), { size: "xs", color: MUTED, margin: "xs" }),
    ]),
    body: box("vertical", rows.length > 0 ? withRules(rows) : [text("当てはまる事業はありません。")], {
      paddingTop: "none",
    }),
    footer: box("vertical", footer(answer.edition, buttons)),
  };
}

export function countBubble(answer: Of<"count">): FlexBubble {
  const rows = STATUSES.map((status) =>
    box(
      "horizontal",
      [
        box("vertical", [statusBadge(status)], { width: "72px", flex: 0 }),
        text(`${answer.counts[status]}件`, { size: "sm", weight: "bold", align: "end" }),
      ],
      { spacing: "md", margin: "md" },
    ),
  );
  const list = answer.list ? button("一覧を見る", answer.list, "一覧を見る", "primary") : null;
  return {
    type: "bubble",
    size: "kilo",
    body: box("vertical", [
      text(`${answer.heading}。`, { weight: "bold", size: "lg" }),
      text(`対象${answer.counts.total}件の内訳`, { size: "xs", color: MUTED, margin: "lg" }),
      statusBar(answer.counts),
      ...rows,
      // The projects counted, when there are few: named, each opening its card.
      ...(answer.items.length > 0
        ? [
            box("vertical", withRules(answer.items.map((item, i) => projectRow(item, i + 1))), {
              margin: "lg",
            }),
          ]
        : []),
    ]),
    footer: box("vertical", footer(answer.edition, present([list]))),
  };
}

/** Rows per department bubble: ten keep a bubble within a screen and a half. */
export const DEPARTMENTS_PER_BUBBLE = 10;

/** One bubble per ten departments (a carousel when there are more), each row a tap target for its list. */
export function departmentsBubbles(answer: Of<"departments">): FlexBubble[] {
  const rows = answer.departments.map((department) => {
    const action = postbackAction(department.name, department.list, `${department.name}の事業は？`);
    return box(
      "horizontal",
      [
        box(
          "vertical",
          [
            text(department.name, { size: "sm", weight: "bold" }),
            text(
              STATUSES.filter((s) => department.counts[s] > 0)
                .map((s) => `${s} ${department.counts[s]}`)
                .join("　"),
              { size: "xxs", color: MUTED },
            ),
          ],
          { flex: 1 },
        ),
        text(`${department.counts.total}件 ›`, { size: "xs", color: MUTED, flex: 0, gravity: "center" }),
      ],
      { paddingTop: "sm", paddingBottom: "sm", ...(action ? { action } : {}) },
    );
  });
  const bubbles: FlexBubble[] = [];
  for (let start = 0; start < rows.length; start += DEPARTMENTS_PER_BUBBLE) {
    const range =
      rows.length > DEPARTMENTS_PER_BUBBLE
        ? `（${start + 1}～${Math.min(rows.length, start + DEPARTMENTS_PER_BUBBLE)}）`
        : "";
    bubbles.push({
      type: "bubble",
      size: "mega",
      header: box("vertical", [
        text(`担当課から探す${range}`, { weight: "bold", size: "md" }),
        text("課の名前をタップすると、その課の事業の一覧が出ます。", { size: "xs", color: MUTED }),
      ]),
      body: box("vertical", withRules(rows.slice(start, start + DEPARTMENTS_PER_BUBBLE)), {
        paddingTop: "none",
      }),
      footer: box("vertical", footer(answer.edition, [])),
    });
  }
  return bubbles;
}
