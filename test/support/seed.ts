import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Plan, parsePlan } from "../../src/plan/index.js";

/** The July 2018 edition (平成30年7月) the project ships with. */
export const SEED_PATH = fileURLToPath(
  new URL("../../index-data/shiroi-plan-progress-2018-07.txt", import.meta.url),
);

export function loadSeedBytes(): Uint8Array {
  return readFileSync(SEED_PATH);
}

/** The seed parsed and validated; throws when the seed does not parse, so a test fails loudly. */
export function loadSeedPlan(): Plan {
  const result = parsePlan(loadSeedBytes());
  if (!result.ok) {
    const lines = result.issues.map((issue) => `${issue.line}: ${issue.code} ${issue.message}`);
    throw new Error(`seed does not parse:\n${lines.join("\n")}`);
  }
  return result.plan;
}
