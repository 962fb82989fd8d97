// The words around the plan's facts on a card, in Japanese or in English. The facts themselves
// (titles, actions, years as written, departments) stay in the plan's Japanese.
import type { ProgressStatus } from "./flex-parts.js";
import { sourceLine } from "./text.js";

export const STATUS_GLOSS: Record<ProgressStatus, string> = {
  実施あり: "carried out",
  未実施: "not yet carried out",
  記載なし: "nothing recorded",
};

const PLAN_NAME =
  "Shiroi City Citizen Participation and Collaboration Plan (市民参加・協働のまちづくりプラン)";

export interface Captions {
  /** A status badge's words: the label, and in English its gloss. */
  status(status: ProgressStatus): string;
  /** A row's small print under the title, when the badge alone would not say it. */
  statusNote(status: ProgressStatus): string | null;
  /** Beside a card's badge. */
  statusCaption: string;
  measure: string;
  department: string;
  noDepartment: string;
  actions: string;
  /** Put before an action's years. */
  yearPrefix: string;
  notDone: string;
  nothingRecorded: string;
  moreActions(count: number): string;
  details: string;
  detailsDisplay(shortName: string): string;
  levelName(level: "施策" | "分野"): string;
  projects(count: number): string;
  counts(status: ProgressStatus, count: number): string;
  /** Between items of a line: 、 or a comma. */
  comma: string;
  /** Between a heading and what it introduces. */
  colon: string;
  source(edition: string | null): string;
}

export const JAPANESE: Captions = {
  status: (status) => status,
  statusNote: () => null,
  statusCaption: "具体的な事業",
  measure: "施策",
  department: "担当課",
  noDepartment: "（担当課の記載がありません）",
  actions: "実施したこと",
  yearPrefix: "",
  notDone: "進捗一覧では、この事業は「未実施」と記録されています。",
  nothingRecorded: "進捗一覧の「実施したこと」の欄は空欄です。",
  moreActions: (count) => `ほかに${count}件の取組`,
  details: "詳しく見る",
  detailsDisplay: (shortName) => `「${shortName}」を詳しく`,
  levelName: (level) => level,
  projects: (count) => `全${count}事業`,
  counts: (status, count) => `${status}${count}件`,
  comma: "、",
  colon: "：",
  source: sourceLine,
};

export const ENGLISH: Captions = {
  status: (status) => `${status} (${STATUS_GLOSS[status]})`,
  statusNote: (status) => `${status} (${STATUS_GLOSS[status]})`,
  statusCaption: "Status",
  measure: "Measure (施策)",
  department: "Department",
  noDepartment: "(no department recorded)",
  actions: "What was done",
  yearPrefix: "FY ",
  notDone: "The progress list records this project as not yet carried out.",
  nothingRecorded: "The progress list leaves this project's row empty.",
  moreActions: (count) => `${count} more action${count > 1 ? "s" : ""} recorded`,
  details: "Details",
  detailsDisplay: (shortName) => `「${shortName}」を詳しく`,
  levelName: (level) => (level === "施策" ? "Measure (施策)" : "Area (分野)"),
  projects: (count) => `${count} project${count === 1 ? "" : "s"}`,
  counts: (status, count) => `${status} (${STATUS_GLOSS[status]}): ${count}`,
  comma: ", ",
  colon: ": ",
  source: (edition) => `Source: progress list of the ${PLAN_NAME}${edition ? `, edition ${edition}` : ""}`,
};
