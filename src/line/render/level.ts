// 施策 / section answers and answers about several projects, as text. Every project carries its label.
import type { Answer } from "../../answer/index.js";
import { JAPANESE } from "./captions.js";
import { SEVERAL_SHOWN_ACTIONS } from "./compact-card.js";
import { presentCounts } from "./level-card.js";
import { actionText, sourceLine } from "./text.js";

type Of<K extends Answer["kind"]> = Extract<Answer, { kind: K }>;

export function levelText(answer: Of<"level">): string {
  const lines = [
    `${answer.level}「${answer.title}」（${answer.parentTitle}）`,
    `${JAPANESE.projects(answer.counts.total)}：${presentCounts(answer.counts, JAPANESE)}`,
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

export function severalText(answer: Of<"several">): string {
  const lines = [`お尋ねの${answer.items.length}つの事業について、それぞれお答えします。`];
  answer.items.forEach((card, i) => {
    lines.push("", `${i + 1}. 「${card.title}」`, `状況：${card.status}`, `施策：${card.measureTitle}`);
    lines.push(`担当課：${card.departments.join("、") || "（担当課の記載がありません）"}`);
    const shown = card.actions.slice(0, SEVERAL_SHOWN_ACTIONS);
    lines.push(...shown.map(actionText));
    const more = card.totalActions - shown.length;
    if (more > 0) lines.push(`（ほかに${more}件の取組）`);
  });
  lines.push("", sourceLine(answer.edition));
  return lines.join("\n");
}
