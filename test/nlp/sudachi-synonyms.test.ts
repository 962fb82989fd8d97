import { describe, expect, it } from "vitest";
import { filterSudachiGroups, loadSudachiGroups } from "../../src/nlp/index.js";

type Item = Parameters<typeof filterSudachiGroups>[0][number]["items"][number];
const item = (midashi: string, expandControl: 0 | 1 | 2 = 0, ryakusyou = "代表語形"): Item => ({
  midashi,
  expandControl,
  ryakusyou,
});

describe("filterSudachiGroups", () => {
  const plan = new Set(["補助金", "ホームページ", "ボランティア"]);
  const layer = filterSudachiGroups(
    [
      { id: "1", items: [item("補助金"), item("助成金"), item("奨励金", 1), item("給付金", 2)] },
      { id: "2", items: [item("ホームページ"), item("HP", 0, "略語・略称/アルファベット"), item("website")] },
      { id: "3", items: [item("天気"), item("天候")] },
      { id: "4", items: [item("ボランティア"), item("volunteer")] },
    ],
    (word) => plan.has(word),
  );

  it("keeps only groups with a plan word, leading other forms to it", () => {
    expect(layer).toEqual({ 助成金: ["補助金"], website: ["ホームページ"], volunteer: ["ボランティア"] });
  });

  it("honours expansion control and leaves short Latin acronyms out", () => {
    expect(layer.奨励金).toBeUndefined();
    expect(layer.給付金).toBeUndefined();
    expect(layer.hp).toBeUndefined();
  });

  it("reads the packaged dictionary", async () => {
    const groups = await loadSudachiGroups();
    expect(groups.length).toBeGreaterThan(20_000);
    const real = filterSudachiGroups(groups, (word) => word === "ボランティア");
    expect(real.volunteer).toEqual(["ボランティア"]);
  });
});
