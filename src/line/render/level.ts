// 施策 / section answers and answers about several projects, as text. Every project carries its label.
import type { Answer, StatusCounts } from "../../answer/index.js";
import { actionText, sourceLine } from "./text.js";

type Of<K extends Answer["kind"]> = Extract<Answer, { kind: K }>;

/** Only the labels that occur: a level with nothing 未実施 does not mention 未実施. */
function presentCounts(counts: StatusCounts): string {
  return PROGRESS_LABELS.filter((status) => counts[status] > 0)
    .map((status) => `${status}${counts[status]}件`)
    .join("、");
}

const PROGRESS_LABELS = ["実施あり", "未実施", "記載なし"] as const;

const LEVEL_NAME = { 施策: "施策", 分野: "分野" } as const;

export function levelText(answer: Of<"level">): string {
  const lines = [
    `${LEVEL_NAME[answer.level]}「${answer.title}」（${answer.parentTitle}）`,
    `全${answer.counts.total}事業：${presentCounts(answer.counts)}`,
    "",
  ];
  answer.items.forEach((item, i) => {
    lines.push(`${i + 1}. ${item.title}`);
    lines.push(
      `　${item.status}｜${item.departments.join("、") || "担当課の記載なし"}${item.years ? `｜${item.years}` : ""}`,
    );
  });
  lines.push("", sourceLine(answer.edition));
  return lines.join("\n");
}

/** Actions shown per project of a several-project answer. */
const SHOWN_ACTIONS = 2;

export function severalText(answer: Of<"several">): string {
  const lines = [`お尋ねの${answer.items.length}つの事業について、それぞれお答えします。`];
  answer.items.forEach((card, i) => {
    lines.push("", `${i + 1}. 「${card.title}」`, `状況：${card.status}`, `施策：${card.measureTitle}`);
    lines.push(`担当課：${card.departments.join("、") || "（担当課の記載がありません）"}`);
    const shown = card.actions.slice(0, SHOWN_ACTIONS);
    lines.push(...shown.map(actionText));
    const more = card.totalActions - shown.length;
    if (more > 0) lines.push(`（ほかに${more}件の取組）`);
  });
  lines.push("", sourceLine(answer.edition));
  return lines.join("\n");
}
