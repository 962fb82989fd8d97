// The parser on staff files that are large or odd: time stays linear, nothing throws. Bounds are generous.
import { describe, expect, it } from "vitest";
import { MAX_REPORTED_ISSUES, parsePlan } from "../../src/plan/parse.js";
import { loadSeedBytes } from "../support/seed.js";

const seed = new TextDecoder().decode(loadSeedBytes());
const header = seed.split("\n").slice(0, 12).join("\n");

function timed(text: string): { ms: number; result: ReturnType<typeof parsePlan> } {
  const started = performance.now();
  const result = parsePlan(text);
  return { ms: performance.now() - started, result };
}

describe("parser on 40,000-character lines", () => {
  it.each([
    ["a pillar line with a long run of spaces", `1. a${" ".repeat(40_000)}b\n`],
    ["a pillar line with a spaced ～subtitle～", `1. a～${" ".repeat(40_000)}b～\n`],
    ["a bullet cell with a long run of spaces", `${header}\n①x\t課\t・${" ".repeat(40_000)}x\n`],
    ["a cell of opening parentheses", `${header}\n①x\t課\t${"(".repeat(40_000)}\n`],
    ["a cell of year groups", `${header}\n①x\t課\t${"(年度 ".repeat(10_000)}\n`],
  ])("%s", (_name, text) => {
    expect(timed(text).ms).toBeLessThan(1_000);
  });
});

describe("parser on many lines", () => {
  it("handles 20,000 heading lines in linear time", () => {
    expect(timed("(1) a\n".repeat(20_000)).ms).toBeLessThan(3_000);
  });

  it("keeps MAX_REPORTED_ISSUES issues and summarizes the rest", () => {
    const { result } = timed("junk\n".repeat(50_000));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.length).toBe(MAX_REPORTED_ISSUES + 1);
    expect(result.issues.at(-1)).toMatchObject({ code: "more-issues", line: 0 });
  });

  it("still parses the seed with its one warning", () => {
    const { result } = timed(seed);
    expect(result.ok).toBe(true);
  });

  it("survives a 10-million-character line", () => {
    for (const line of [`1. ${"あ".repeat(10_000_000)}`, `①${"あ".repeat(10_000_000)}\t課\t・x`]) {
      expect(() => parsePlan(`${seed}\n${line}\n`)).not.toThrow();
    }
  });
});
