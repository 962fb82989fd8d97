import { describe, expect, it } from "vitest";
import type { ParseResult } from "../../src/plan/index.js";
import { PROGRESS_STATUSES, parsePlan, projectsOf } from "../../src/plan/index.js";
import { loadSeedBytes } from "../support/seed.js";

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seedBytes = loadSeedBytes();
const seedLines = new TextDecoder().decode(seedBytes).split("\n");

/** Whatever the input, a well-formed ParseResult comes back. */
function expectWellFormed(result: ParseResult): void {
  if (result.ok) {
    const ids = projectsOf(result.plan).map((entry) => entry.project.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(0);
    for (const { project } of projectsOf(result.plan)) {
      expect(PROGRESS_STATUSES).toContain(project.status);
      expect(project.status === "実施あり").toBe(project.actions.length > 0);
    }
    expect(result.warnings.every((issue) => issue.severity === "warning")).toBe(true);
  } else {
    expect(result.issues.some((issue) => issue.severity === "error")).toBe(true);
  }
}

function parseOrFail(input: Uint8Array | string, label: string): ParseResult {
  try {
    return parsePlan(input);
  } catch (error) {
    throw new Error(`parsePlan threw on ${label}: ${String(error)}`);
  }
}

describe("parsePlan never throws", () => {
  it("on random bytes", () => {
    const random = prng(1);
    for (let i = 0; i < 1500; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256));
      expectWellFormed(parseOrFail(bytes, `random bytes case ${i}`));
    }
  });

  it("on shuffled seed lines", () => {
    const random = prng(2);
    for (let i = 0; i < 400; i++) {
      const lines = [...seedLines];
      for (let j = lines.length - 1; j > 0; j--) {
        const k = Math.floor(random() * (j + 1));
        [lines[j], lines[k]] = [lines[k] ?? "", lines[j] ?? ""];
      }
      expectWellFormed(parseOrFail(lines.join("\n"), `shuffle case ${i}`));
    }
  });

  it("on truncated seeds, cut at any byte (also inside a UTF-8 sequence)", () => {
    const random = prng(3);
    for (let i = 0; i < 600; i++) {
      const end = Math.floor(random() * seedBytes.length);
      expectWellFormed(parseOrFail(seedBytes.subarray(0, end), `truncation at ${end}`));
    }
  });

  it("on seeds with dropped lines and mutated bytes", () => {
    const random = prng(4);
    for (let i = 0; i < 500; i++) {
      const kept = seedLines.filter(() => random() > 0.1).join("\n");
      const bytes = new TextEncoder().encode(kept);
      for (let j = 0; j < 3; j++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      expectWellFormed(parseOrFail(bytes, `mutation case ${i}`));
    }
  });

  it("on lines assembled from structural fragments", () => {
    const fragments = [
      "1.「",
      "」～",
      "(1)",
      "（２）",
      "(P4",
      "～42)",
      "①",
      "⑳",
      "㉑",
      "\t",
      "\t\t",
      "・",
      " ・",
      "未実施",
      "【",
      "】",
      "(平成",
      "25~",
      "令和元",
      "年度)",
      "(通年)",
      '<ul style="x">',
      "</ul>",
      "担当課 ",
      "実施したこと(実施年度)",
      "具体的な事業",
      "課",
      " ",
      "\u3000",
      "P",
      "a",
    ];
    const random = prng(5);
    for (let i = 0; i < 1000; i++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        Array.from(
          { length: Math.floor(random() * 8) },
          () => fragments[Math.floor(random() * fragments.length)],
        ).join(""),
      );
      expectWellFormed(
        parseOrFail(
          lines.join(random() < 0.5 ? "\n" : "\r\n"),
          `fragments case ${i}: ${JSON.stringify(lines)}`,
        ),
      );
    }
  });
});
