// Questions per day as SVG bars: every day of the period, including the quiet ones.
import { japanDay } from "./period.js";

export interface DayBar {
  day: string;
  questions: number;
  /** In chart units (the chart is 100 wide and 40 high). */
  x: number;
  width: number;
  height: number;
}

export interface DaysChart {
  bars: DayBar[];
  max: number;
  total: number;
  /** For screen readers. */
  description: string;
}

const DAY_MS = 86_400_000;

export function daysChart(
  byDay: readonly { day: string; questions: number }[],
  days: number,
  now = new Date(),
): DaysChart {
  const counts = new Map(byDay.map((row) => [row.day, row.questions]));
  const list = Array.from({ length: days }, (_, i) =>
    japanDay(new Date(now.getTime() - (days - 1 - i) * DAY_MS)),
  );
  const max = Math.max(1, ...list.map((day) => counts.get(day) ?? 0));
  const slot = 100 / days;
  const bars = list.map((day, i) => {
    const questions = counts.get(day) ?? 0;
    return { day, questions, x: i * slot + slot * 0.1, width: slot * 0.8, height: (questions / max) * 36 };
  });
  const total = bars.reduce((sum, bar) => sum + bar.questions, 0);
  const busiest = bars.reduce<DayBar | null>(
    (best, bar) => (bar.questions > (best?.questions ?? 0) ? bar : best),
    null,
  );
  return {
    bars,
    max,
    total,
    description: `直近${days}日の質問 ${total} 件${busiest ? `、最多は ${busiest.day} の ${busiest.questions} 件` : ""}`,
  };
}
