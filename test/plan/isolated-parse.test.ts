// Workbooks from outside are parsed on a worker thread with a heap ceiling; a bomb never gets there.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  parseEdition,
  parseEditionIsolated,
  parseUntrustedEdition,
  toWorkbook,
} from "../../src/plan/index.js";
import { SEED_PATH } from "../support/seed.js";
import { spreadsheetBomb } from "../support/zip-bomb.js";

async function seedWorkbook(): Promise<Buffer> {
  const seed = await parseEdition(readFileSync(SEED_PATH));
  if (!seed.ok) throw new Error("seed does not parse");
  return toWorkbook(seed.plan);
}

describe("parsing a workbook on a worker", () => {
  it("gives the plan the in-process parser gives", async () => {
    const bytes = await seedWorkbook();
    const [isolated, local] = await Promise.all([
      parseUntrustedEdition(bytes, "seed.xlsx"),
      parseEdition(bytes),
    ]);
    expect(isolated.ok).toBe(true);
    expect(isolated).toEqual(local);
  }, 60_000);

  it("stops a parse past its heap ceiling with a value, and this process carries on", async () => {
    const result = await parseEditionIsolated(await seedWorkbook(), "seed.xlsx", { maxHeapMb: 4 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.code).toMatch(/too-complex|parse-failed/);
  }, 60_000);

  it("refuses a zip whose directory under-claims its sizes before any spreadsheet library reads it", async () => {
    const result = await parseUntrustedEdition(spreadsheetBomb(64), "bomb.xlsx");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.code).toBe("workbook-bounds");
  });
});
