// A report as CSV for Excel: UTF-8 with a BOM, CRLF, one section per table; citizens' text
// neutralised where a spreadsheet would run it as a formula.
import { csvRow, csvText } from "../csv.js";
import type { ConversationReport } from "./types.js";

export const REPORT_SECTIONS = [
  "totals",
  "unanswered",
  "weakMatches",
  "feedbackByProject",
  "topProjects",
  "byDay",
  "byHour",
  "byKind",
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

type Cell = string | number | null;

const words = (list: string[]) => list.join(" ");

/** Header and rows of one section. */
export function reportTable(report: ConversationReport, section: ReportSection): Cell[][] {
  switch (section) {
    case "totals": {
      const t = report.totals;
      return [
        [
          "questions",
          "unanswered",
          "weak",
          "users",
          "replies_delivered",
          "replies_failed",
          "feedback_yes",
          "feedback_no",
          "follow_ups",
          "follow_ups_unanswered",
        ],
        [
          t.questions,
          t.unanswered,
          t.weak,
          t.users,
          t.replies.delivered,
          t.replies.failed,
          t.feedback.yes,
          t.feedback.no,
          t.followUps.count,
          t.followUps.unanswered,
        ],
      ];
    }
    case "unanswered":
      return [
        ["question", "count", "users", "unmatched_words", "last_asked_at"],
        ...report.unanswered.map((r) => [
          r.question,
          r.count,
          r.users,
          words(r.unmatchedWords),
          r.lastAskedAt,
        ]),
      ];
    case "weakMatches":
      return [
        ["question", "count", "project_id", "match_strength", "unmatched_words"],
        ...report.weakMatches.map((r) => [
          r.question,
          r.count,
          r.projectId,
          r.matchStrength,
          words(r.unmatchedWords),
        ]),
      ];
    case "feedbackByProject":
      return [
        ["project_id", "yes", "no", "yes_rate"],
        ...report.feedbackByProject.map((r) => [r.projectId, r.yes, r.no, r.yesRate]),
      ];
    case "topProjects":
      return [["project_id", "count"], ...report.topProjects.map((r) => [r.projectId, r.count])];
    case "byDay":
      return [["day", "questions", "users"], ...report.byDay.map((r) => [r.day, r.questions, r.users])];
    case "byHour":
      return [["hour", "questions"], ...report.byHour.map((r) => [r.hour, r.questions])];
    case "byKind":
      return [["answer_kind", "count"], ...report.byKind.map((r) => [r.kind, r.count])];
  }
}

/**
 * One section as a plain CSV file; or, without `section`, every section in turn, each after a
 * `# name` line and separated by a blank line.
 */
export function reportToCsv(report: ConversationReport, section?: ReportSection): string {
  const rows = (s: ReportSection) => reportTable(report, s).map(csvRow);
  const lines = section
    ? rows(section)
    : REPORT_SECTIONS.flatMap((s, i) => [...(i > 0 ? [""] : []), `# ${s}`, ...rows(s)]);
  return csvText(lines);
}
