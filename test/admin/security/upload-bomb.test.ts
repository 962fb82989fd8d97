// Finding 1: a spreadsheet whose zip directory under-claims what an entry expands to. The server
// (its own process, real HTTP) must refuse it without taking memory from the process that answers
// citizens: its peak resident memory grows by less than 50 MB.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEdition, toWorkbook } from "../../../src/plan/index.js";
import { EDITOR } from "../../support/admin.js";
import { type ConsoleServer, startConsoleServer } from "../../support/console-server.js";
import { HttpSession } from "../../support/http-session.js";
import { SEED_PATH } from "../../support/seed.js";
import { spreadsheetBomb } from "../../support/zip-bomb.js";

const MB = 1024 * 1024;

/** Resident memory now and its peak so far (VmHWM), in bytes. */
async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

describe("a spreadsheet bomb", () => {
  let server: ConsoleServer;
  beforeAll(async () => {
    server = await startConsoleServer({ env: { ADMIN_UPLOAD_LIMIT: String(5 * MB) } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("is made as the review made it: about 1 MB, claiming 1,000 bytes for an entry of 1 GiB", () => {
    const bomb = spreadsheetBomb();
    expect(bomb.length).toBeGreaterThan(0.9 * MB);
    expect(bomb.length).toBeLessThan(1.2 * MB);
  });

  it("is refused with the server's peak memory growing by less than 50 MB", async () => {
    const pid = server.server.child.pid as number;
    const editor = new HttpSession(server.address);
    expect((await editor.signIn(EDITOR.name, EDITOR.password)).status).toBe(303);
    // Warm up with an honest workbook: whatever parsing a real file costs is in the baseline.
    const seed = await parseEdition(await readFile(SEED_PATH));
    if (!seed.ok) throw new Error("seed edition does not parse");
    const honest = await editor.checkEdition("honest.xlsx", await toWorkbook(seed.plan));
    expect(honest.status).toBeLessThan(500);
    const before = await memoryOf(pid);

    const refused = await editor.checkEdition("bomb.xlsx", spreadsheetBomb());
    const body = await refused.text();
    const after = await memoryOf(pid);
    expect(refused.status).toBe(422);
    expect(body).toMatch(/展開|大きすぎ/);
    expect(after.peak - before.peak).toBeLessThan(50 * MB);
    // The server still answers.
    expect((await fetch(`${server.address}/healthz`)).status).toBe(200);
  }, 120_000);
});
