// Answers as plain text, the way a citizen reads them on a phone. Status labels appear only as labels.
import type {
  ActionLine,
  Answer,
  ProjectCard,
  ProjectChange,
  ProjectSummary,
  StatusCounts,
} from "../../answer/index.js";

type Of<K extends Answer["kind"]> = Extract<Answer, { kind: K }>;

const PLAN_NAME = "市民参加・協働のまちづくりプラン";

export function sourceLine(edition: string | null): string {
  return `出典：${PLAN_NAME} 進捗一覧${edition ? `（${edition}）` : ""}`;
}

/** 平成27～29年度（2015～2017年度） */
export function yearsText(action: Pick<ActionLine, "yearsLabel" | "westernYears">): string {
  if (action.yearsLabel && action.westernYears) return `${action.yearsLabel}（${action.westernYears}）`;
  return action.yearsLabel ?? action.westernYears ?? "";
}

export function actionText(action: ActionLine): string {
  const departments = action.departments.length > 0 ? `【${action.departments.join("、")}】` : "";
  const when = yearsText(action);
  return `・${action.text}\n　${when}${departments}`;
}

function departmentsText(departments: readonly string[]): string {
  return departments.length > 0 ? departments.join("、") : "（担当課の記載がありません）";
}

function actionsBlock(card: ProjectCard): string[] {
  const lines: string[] = [];
  const focused = card.matchedActions > 0 && card.matchedActions < card.actions.length;
  if (focused) {
    lines.push("", "■ お尋ねに当たる取組");
    lines.push(...card.actions.slice(0, card.matchedActions).map(actionText));
    lines.push("", "■ そのほかの取組");
    lines.push(...card.actions.slice(card.matchedActions).map(actionText));
  } else {
    lines.push(
      "",
      card.matchedActions > 0 ? "■ お尋ねに当たる取組" : `■ 実施したこと（${card.totalActions}件）`,
    );
    lines.push(...card.actions.map(actionText));
  }
  const hidden = card.totalActions - card.actions.length;
  if (hidden > 0) lines.push(`（この事業には、ほかに${hidden}件の取組が記録されています）`);
  return lines;
}

function statusBlock(card: ProjectCard): string[] {
  switch (card.status) {
    case "実施あり":
      return actionsBlock(card);
    case "未実施":
      return ["", "進捗一覧では、この事業は「未実施」と記録されています。"];
    case "記載なし": {
      const lines = ["", "進捗一覧の「実施したこと」の欄は空欄で、この事業について何も記録されていません。"];
      if (card.sibling && card.sibling.actions.length > 0) {
        lines.push(
          "",
          `表では同じ施策の「${card.sibling.title}」と欄がひとつにまとめられているため、次の取組がこの事業にも当たると考えられます。`,
          ...card.sibling.actions.map(actionText),
        );
      }
      return lines;
    }
  }
}

export function projectText(answer: Of<"project">): string {
  const card = answer.best;
  return [
    `「${card.title}」`,
    `状況：${card.status}`,
    `施策：${card.measureTitle}`,
    `担当課：${departmentsText(card.departments)}`,
    ...statusBlock(card),
    "",
    sourceLine(answer.edition),
  ].join("\n");
}

export function summaryText(item: ProjectSummary, index: number): string {
  const lines = [`${index}. ${item.title}`, `　${item.status}｜${departmentsText(item.departments)}`];
  for (const action of item.actions) lines.push(`　${actionText(action).replace(/\n/g, "\n　")}`);
  return lines.join("\n");
}

export function listText(answer: Of<"list">): string {
  const first = answer.offset + 1;
  const last = answer.offset + answer.items.length;
  const range = answer.total > answer.items.length ? `（${first}～${last}件目）` : "";
  const lines = [`${answer.heading}${range}`, ""];
  lines.push(...answer.items.map((item, i) => summaryText(item, first + i)));
  if (answer.items.length === 0) lines.push("当てはまる事業はありません。");
  if (answer.next) lines.push("", "続きは下の「次の…件」をタップしてください。");
  lines.push("", sourceLine(answer.edition));
  return lines.join("\n");
}

export function departmentListText(answer: Of<"departments">): string {
  return [
    "担当課から探す：課の名前を選ぶと、その課の事業の一覧が出ます。",
    ...answer.departments.map((d) => `・${d.name}（${d.counts.total}件）`),
  ].join("\n");
}

export function countsText(counts: StatusCounts): string {
  return `実施あり${counts.実施あり}件、未実施${counts.未実施}件、記載なし${counts.記載なし}件`;
}

export function countText(answer: Of<"count">): string {
  const lines = [`${answer.heading}。`];
  if (answer.status === null || answer.counts.total !== answer.count) {
    lines.push(`（対象${answer.counts.total}件の内訳：${countsText(answer.counts)}）`);
  }
  if (answer.items.length > 0) lines.push("", ...answer.items.map((item, i) => summaryText(item, i + 1)));
  lines.push("", sourceLine(answer.edition));
  return lines.join("\n");
}

export function overviewText(answer: Of<"overview">): string {
  const lines = [
    `進捗の全体：全${answer.counts.total}事業（${countsText(answer.counts)}）`,
    ...answer.pillars.map((p) => `${p.no}. ${p.title}：${p.counts.total}事業（${countsText(p.counts)}）`),
  ];
  return lines.join("\n");
}

/** A change with its label: 【状況が変わった】【新しい事業】【取組が増えた】, then the status and new actions. */
export function changeText(change: ProjectChange): string {
  const label =
    change.from === null
      ? "【新しい事業】"
      : change.from !== change.to
        ? "【状況が変わった】"
        : "【取組が増えた】";
  const lines = [`${label}${change.title}`];
  if (change.from === null) lines.push(`　状況：${change.to}`);
  else if (change.from !== change.to) lines.push(`　状況：${change.from} → ${change.to}`);
  if (change.newActions.length > 0) {
    lines.push(change.from === null ? "　取組：" : "　新しい取組：");
    lines.push(...change.newActions.map((action) => `　${actionText(action).replace(/\n/g, "\n　")}`));
  }
  return lines.join("\n");
}

export function changesText(answer: Of<"changes">): string {
  if (answer.previousEdition === null)
    return [
      "進捗一覧の前の版が残っていないため、最近変わったことはお答えできません。",
      "事業の名前で聞いていただければ、いまの状況をお答えします。",
    ].join("\n");
  if (answer.items.length === 0)
    return `進捗一覧の前の版（${answer.previousEdition}）から、事業の状況や取組に変わったところはありません。\n\n${sourceLine(answer.edition)}`;
  return [
    `進捗一覧の前の版（${answer.previousEdition}）から変わったこと：${answer.items.length}件`,
    "",
    ...answer.items.map(changeText),
    "",
    sourceLine(answer.edition),
  ].join("\n");
}

function examplesText(examples: readonly string[]): string[] {
  return examples.map((example) => `・${example}`);
}

const ASK_HOW =
  "事業の名前やキーワードで聞いてください（例：「○○は実施された？」「○○の担当課は？」「○○はいつから？」）。";

export function cannedText(
  answer: Of<"no-match" | "greeting" | "thanks" | "help" | "intro" | "non-text" | "stale">,
): string {
  const list = `${PLAN_NAME}の進捗一覧${answer.edition ? `（${answer.edition}）` : ""}`;
  const contact = `プランについてのお問い合わせは、${answer.contact}へどうぞ。`;
  switch (answer.kind) {
    case "no-match":
      return [
        `ごめんなさい。お尋ねの内容に当たる事業が、${list}には見つかりませんでした。`,
        ASK_HOW,
        "たとえば次のように聞けます。",
        ...examplesText(answer.examples),
        "",
        contact,
      ].join("\n");
    case "greeting":
    case "intro":
      return [
        answer.kind === "greeting" ? "こんにちは。" : "はじめまして。",
        `白井市の${list}から、事業の実施状況・担当課・実施年度をお答えします。`,
        ASK_HOW,
        "たとえば次のように聞けます。",
        ...examplesText(answer.examples),
      ].join("\n");
    case "thanks":
      return "どういたしまして。ほかにも気になる事業があれば、いつでも聞いてください。";
    case "help":
      return [
        `${list}について、次のようなことにお答えします。`,
        "・事業が行われたか、いつ、どの課が担当したか",
        "・課ごと、年度ごとの事業の一覧",
        "・状況ごとの事業の数と、全体の進捗",
        "",
        ASK_HOW,
        "たとえば次のように聞けます。",
        ...examplesText(answer.examples),
        "",
        contact,
      ].join("\n");
    case "non-text":
      return ["ごめんなさい。文字のメッセージにだけお答えできます。", ASK_HOW].join("\n");
    case "stale":
      return [
        "このボタンは、前の版の進捗一覧から作られたものです。",
        `進捗一覧が新しくなりました（${list}）。お手数ですが、もう一度お尋ねください。`,
        ASK_HOW,
      ].join("\n");
  }
}
