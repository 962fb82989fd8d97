// Bar charts as data for SVG: widths in percent of the largest total, so rows compare at a glance.
import { PROGRESS_STATUSES, type ProgressStatus } from "../plan/index.js";

export interface BarSegment {
  status: ProgressStatus;
  count: number;
  /** Start and width in percent of the chart. */
  x: number;
  width: number;
}

export interface BarRow {
  label: string;
  total: number;
  segments: BarSegment[];
  /** For screen readers: 実施あり 30件、未実施 22件、… */
  description: string;
}

const STATUS_CLASSES: Record<ProgressStatus, string> = {
  実施あり: "done",
  未実施: "pending",
  記載なし: "blank",
};

export function statusClass(status: ProgressStatus): string {
  return STATUS_CLASSES[status];
}

export function statusBars(rows: { label: string; counts: Record<ProgressStatus, number> }[]): BarRow[] {
  const totals = rows.map((row) => PROGRESS_STATUSES.reduce((sum, status) => sum + row.counts[status], 0));
  const largest = Math.max(1, ...totals);
  return rows.map((row, i) => {
    let x = 0;
    const segments = PROGRESS_STATUSES.map((status) => {
      const count = row.counts[status];
      const width = (count / largest) * 100;
      const segment = { status, count, x, width };
      x += width;
      return segment;
    });
    return {
      label: row.label,
      total: totals[i] ?? 0,
      segments,
      description: segments.map((s) => `${s.status} ${s.count}件`).join("、"),
    };
  });
}
