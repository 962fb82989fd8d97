// The committed baseline of `npm run bench`: the bot's replies/s ÷ the echo bot's, per question mix,
// measured side by side in one run. A run more than TOLERANCE below it is a regression.
import { readFileSync, writeFileSync } from "node:fs";

export const BASELINE_FILE = new URL("./baseline.json", import.meta.url);
/** How far a ratio may fall below the baseline's before the bench fails. */
export const TOLERANCE = 0.1;

export type Ratios = Partial<Record<string, number>>;

interface Baseline {
  note: string;
  ratios: Record<string, number>;
}

function readBaseline(): Baseline {
  return JSON.parse(readFileSync(BASELINE_FILE, "utf8")) as Baseline;
}

/** What fell more than TOLERANCE below the baseline; a mix the baseline lacks is a problem too. */
export function checkBaseline(measured: Ratios, baseline: Baseline = readBaseline()): string[] {
  const problems: string[] = [];
  for (const [mix, ratio] of Object.entries(measured)) {
    const expected = baseline.ratios[mix];
    if (expected === undefined) problems.push(`${mix}: no baseline ratio`);
    else if (ratio === undefined || !(ratio >= expected * (1 - TOLERANCE)))
      problems.push(
        `${mix}: bot ÷ echo bot replies/s ${ratio?.toFixed(2)}× is more than ${TOLERANCE * 100}% below the baseline ${expected.toFixed(2)}×`,
      );
  }
  return problems;
}

export function writeBaseline(measured: Ratios): void {
  const ratios = Object.fromEntries(
    Object.entries(measured).flatMap(([mix, ratio]) =>
      ratio === undefined ? [] : [[mix, Number(ratio.toFixed(2))]],
    ),
  );
  const baseline: Baseline = {
    note: "bot replies/s ÷ SDK echo bot replies/s, same run (npm run bench); BENCH_WRITE_BASELINE=1 npm run bench rewrites it",
    ratios: { ...readBaseline().ratios, ...ratios },
  };
  writeFileSync(BASELINE_FILE, `${JSON.stringify(baseline, null, 2)}\n`);
}
