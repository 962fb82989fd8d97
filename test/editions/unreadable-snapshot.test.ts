// Issue #16, defect 7: an older release on a newer DATA_DIR (a snapshot format it cannot read) serves
// an older edition; it must say so: /readyz's health is not ready, and the problem is logged once.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { type LiveEditionHandle, loadBundledEdition, openLiveEdition } from "../../src/editions/index.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");

let dataDir: string;
let live: LiveEditionHandle | null = null;
afterEach(async () => {
  await live?.close();
  live = null;
  await rm(dataDir, { recursive: true, force: true });
});

it("a snapshot of a newer format is not ready (health unavailable), logged once, ready again once readable", async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "unreadable-snapshot-"));
  const file = path.join(dataDir, "snapshot.json");
  await writeFile(file, `${JSON.stringify({ format: 99, plan: {} })}\n`);
  const errors: string[] = [];
  live = await openLiveEdition({
    dataDir,
    indexDataDir: INDEX_DATA,
    bundled: () => loadBundledEdition(INDEX_DATA),
    search: { backend: "embedded" },
    logger: { info: () => {}, warn: () => {}, error: (_: object, message: string) => errors.push(message) },
    watch: { pollMs: 50 },
  });
  const health = await live.health();
  expect(health.state).toBe("unavailable");
  expect(health.detail).toMatch(/unknown snapshot format/);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await writeFile(file, `${JSON.stringify({ format: 99, plan: { changed: true } })}\n`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(errors.filter((m) => /snapshot/.test(m))).toHaveLength(1);
  // The operator rolls back DATA_DIR (or upgrades): removing the unreadable file makes it ready.
  await rm(file);
  await live.reload();
  expect((await live.health()).state).toBe("ready");
});
