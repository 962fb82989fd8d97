import { describe, expect, it } from "vitest";
import { daysChart } from "../../src/admin/days-chart.js";
import { japanDay, periodOf, periodQuery } from "../../src/admin/period.js";

// 2026-11-30 00:30 in Japan.
const NOW = new Date("2026-11-29T15:30:00Z");

describe("report periods", () => {
  it("counts days in Japan time", () => {
    expect(japanDay(NOW)).toBe("2026-11-30");
    const week = periodOf({ period: "7" }, NOW);
    expect(week.since?.toISOString()).toBe("2026-11-23T15:00:00.000Z"); // 11-24 00:00 JST
    expect(week.until).toBeNull();
    expect(periodOf({}, NOW).choice).toBe("30");
    expect(periodOf({ period: "all" }, NOW)).toMatchObject({ since: null, until: null });
  });

  it("takes dates inclusive of the last day, and ignores malformed ones", () => {
    const dates = periodOf({ period: "dates", from: "2026-04-01", to: "2026-04-30" }, NOW);
    expect(dates.since?.toISOString()).toBe("2026-03-31T15:00:00.000Z");
    expect(dates.until?.toISOString()).toBe("2026-04-30T15:00:00.000Z");
    expect(periodQuery(dates)).toBe("period=dates&from=2026-04-01&to=2026-04-30");
    const bad = periodOf({ period: "dates", from: "<script>", to: "2026-13-45" }, NOW);
    expect(bad).toMatchObject({ since: null, until: null, from: "", to: "" });
    expect(periodOf({ period: "9999" }, NOW).choice).toBe("30");
  });
});

describe("questions per day", () => {
  it("has a bar for every day, quiet ones too, scaled to the busiest", () => {
    const chart = daysChart(
      [
        { day: "2026-11-30", questions: 4 },
        { day: "2026-11-28", questions: 2 },
        { day: "2026-10-01", questions: 99 }, // outside the 30 days
      ],
      30,
      NOW,
    );
    expect(chart.bars).toHaveLength(30);
    expect(chart.bars[0]?.day).toBe("2026-11-01");
    expect(chart.bars.at(-1)).toMatchObject({ day: "2026-11-30", questions: 4, height: 36 });
    expect(chart.bars.at(-3)).toMatchObject({ questions: 2, height: 18 });
    expect(chart.total).toBe(6);
    expect(chart.description).toContain("最多は 2026-11-30 の 4 件");
  });
});
