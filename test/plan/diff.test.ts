import { describe, expect, it } from "vitest";
import { diffPlans } from "../../src/plan/index.js";
import { loadSeedPlan } from "../support/seed.js";
import { FRAME, validPlan } from "./fixtures.js";

const BEFORE = [
  ...FRAME,
  "①防災訓練の実施\t市民安全課\t・防災リアル訓練の実施(平成27～29年度)【市民安全課】",
  "②景観写真展の開催\t都市計画課\t・未実施",
  "③古い事業\t企画政策課\t・未実施",
];

describe("diffPlans", () => {
  it("finds nothing between an edition and itself", () => {
    const seed = loadSeedPlan();
    const diff = diffPlans(seed, loadSeedPlan());
    expect(diff.unchanged).toBe(true);
    expect(diff.addedProjects).toEqual([]);
    expect(diff.statusChanges).toEqual([]);
  });

  it("reports new and removed projects, status changes, new actions and new fiscal years", () => {
    const after = [
      ...FRAME,
      "①防災訓練の実施\t市民安全課\t・防災リアル訓練の実施(平成27～29年度)【市民安全課】 ・避難所運営訓練の実施(令和元年度)【市民安全課】",
      "②景観写真展の開催\t都市計画課\t・景観写真展を開催(令和2年度)【都市計画課】",
      "③オープンデータの公開\t企画政策課\t・未実施",
    ];
    const diff = diffPlans(validPlan(BEFORE), validPlan(after));
    expect(diff.unchanged).toBe(false);
    expect(diff.statusChanges).toEqual([
      { id: "1-1-1-2", title: "景観写真展の開催", from: "未実施", to: "実施あり" },
    ]);
    // Same id, another title: reported as retitled, not as added plus removed.
    expect(diff.retitledProjects).toEqual([{ id: "1-1-1-3", from: "古い事業", to: "オープンデータの公開" }]);
    expect(diff.addedActions.map((a) => [a.projectId, a.text, a.fiscalYears])).toEqual([
      ["1-1-1-1", "避難所運営訓練の実施", [2019]],
      ["1-1-1-2", "景観写真展を開催", [2020]],
    ]);
    expect(diff.newFiscalYears).toEqual([2019, 2020]);
  });

  it("keeps a project's identity when a project is inserted before it (ids shift)", () => {
    const after = [
      ...FRAME,
      "①新しい事業\t企画政策課\t・未実施",
      "②防災訓練の実施\t市民安全課\t・防災リアル訓練の実施(平成27～29年度)【市民安全課】",
      "③景観写真展の開催\t都市計画課\t・未実施",
    ];
    const diff = diffPlans(validPlan(BEFORE), validPlan(after));
    expect(diff.addedProjects.map((p) => [p.id, p.title, p.status])).toEqual([
      ["1-1-1-1", "新しい事業", "未実施"],
    ]);
    expect(diff.removedProjects.map((p) => p.title)).toEqual(["古い事業"]);
    expect(diff.statusChanges).toEqual([]);
    expect(diff.addedActions).toEqual([]);
  });

  it("treats an emptied cell as 記載なし, not as 未実施", () => {
    const after = [...FRAME, BEFORE[4] ?? "", "②景観写真展の開催\t都市計画課\t", BEFORE[6] ?? ""];
    const diff = diffPlans(validPlan(BEFORE), validPlan(after));
    expect(diff.statusChanges).toEqual([
      { id: "1-1-1-2", title: "景観写真展の開催", from: "未実施", to: "記載なし" },
    ]);
  });
});
