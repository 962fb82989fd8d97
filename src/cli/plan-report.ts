import type { ParseIssue, ParseResult, SourceInfo, StatusCounts } from "../plan/index.js";
import { PROGRESS_STATUSES, planStatistics } from "../plan/index.js";

const SEVERITY_LABEL = { error: "エラー", warning: "警告" } as const;

/** Longer messages are cut: one issue is one readable line. */
const MAX_MESSAGE_LENGTH = 200;

/** One issue as `file:line: 警告 [code] message` (line 0 = the whole document). */
export function formatIssue(issue: ParseIssue, fileName: string): string {
  const where = issue.line > 0 ? `${fileName}:${issue.line}` : fileName;
  const message =
    issue.message.length > MAX_MESSAGE_LENGTH
      ? `${issue.message.slice(0, MAX_MESSAGE_LENGTH)}…`
      : issue.message;
  return `${where}: ${SEVERITY_LABEL[issue.severity]} [${issue.code}] ${message}`;
}

function formatSource(source: SourceInfo): string {
  return `文字コード ${source.encoding} / 改行 ${source.lineEnding.toUpperCase()} / ${source.lines} 行`;
}

function formatStatuses(counts: StatusCounts): string {
  return PROGRESS_STATUSES.map((status) => `${status} ${counts[status]}`).join(" / ");
}

const STOPPED = {
  reindex: ["取り込みを中止しました", "何も変更していません (nothing was indexed)."],
  export: ["書き出しを中止しました", "何も書き出していません (nothing was exported)."],
} as const;

/**
 * The human summary `reindex --dry-run` prints: figures and every issue with its line number.
 * `command` words a rejection for what was being done.
 */
export function formatPlanReport(
  result: ParseResult,
  fileName: string,
  command: keyof typeof STOPPED = "reindex",
): string {
  if (!result.ok) {
    const errors = result.issues.filter((issue) => issue.severity === "error");
    const [stopped, nothing] = STOPPED[command];
    return [
      `${fileName}: 不正な文書のため${stopped} (rejected: ${errors.length} 件のエラー)`,
      ...(result.source ? [`  ${formatSource(result.source)}`] : []),
      ...result.issues.map((issue) => `  ${formatIssue(issue, fileName)}`),
      nothing,
      "",
    ].join("\n");
  }
  const { plan, warnings, skipped, source } = result;
  const stats = planStatistics(plan);
  return [
    `${fileName}: 検証OK (valid)`,
    `  ${plan.title ?? "(表題なし)"} ${[plan.edition, plan.publisher].filter(Boolean).join(" ")}`.trimEnd(),
    `  ${formatSource(source)}`,
    `合計: 基本方針 ${stats.pillars} / 施策の方向 ${stats.sections} / 施策 ${stats.measures} / 具体的な事業 ${stats.projects} / 実施したこと ${stats.actions}`,
    `状況: ${formatStatuses(stats.statuses)}`,
    "基本方針別:",
    ...stats.perPillar.map(
      (p) =>
        `  ${p.no}.「${p.title}」 事業 ${p.projects} (${formatStatuses(p.statuses)}), 実施したこと ${p.actions}`,
    ),
    `構造行 (列見出しなど) ${skipped.length} 行を除外`,
    `警告 ${warnings.length} 件${warnings.length > 0 ? ":" : ""}`,
    ...warnings.map((issue) => `  ${formatIssue(issue, fileName)}`),
    "",
  ].join("\n");
}
