import { describe, expect, it } from "vitest";
import { checkBaseline } from "./baseline.js";

const baseline = { note: "", ratios: { repeating: 1.2, "never-repeating": 1.0 } };

describe("the bench's regression guard", () => {
  it("passes ratios down to 10% below the baseline and fails below that", () => {
    expect(checkBaseline({ repeating: 1.2, "never-repeating": 0.91 }, baseline)).toEqual([]);
    const problems = checkBaseline({ repeating: 1.07, "never-repeating": 0.95 }, baseline);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^repeating: .*1\.07× .*1\.20×/);
  });

  it("fails a mix the baseline does not know and a ratio that is not a number", () => {
    expect(checkBaseline({ other: 2 }, baseline)).toEqual(["other: no baseline ratio"]);
    expect(checkBaseline({ repeating: Number.NaN }, baseline)).toHaveLength(1);
  });
});
