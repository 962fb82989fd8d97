// The live edition and its snapshot store on the embedded backend (DATA_DIR in a temp directory).
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createSnapshotStore,
  editionInfoOf,
  findBundledEdition,
  type LiveEditionHandle,
  loadBundledEdition,
  openLiveEdition,
  type Snapshot,
} from "../../src/editions/index.js";
import type { Plan } from "../../src/plan/index.js";
import { loadSeedPlan } from "../support/seed.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");

const errors: string[] = [];
const logger = {
  info: () => {},
  warn: () => {},
  error: (_: object, message: string) => errors.push(message),
};

/** The seed without its last project: a different, smaller edition. */
function smallerEdition(name: string): Snapshot {
  const plan: Plan = structuredClone(loadSeedPlan());
  const measure = plan.pillars.at(-1)?.sections.at(-1)?.measures.at(-1);
  measure?.projects.pop();
  return { plan, info: editionInfoOf(plan, { name, bytes: new TextEncoder().encode(name) }) };
}

let dataDir: string;
let live: LiveEditionHandle | null = null;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "live-edition-"));
  errors.length = 0;
});

afterEach(async () => {
  await live?.close();
  live = null;
  await rm(dataDir, { recursive: true, force: true });
});

async function open(): Promise<LiveEditionHandle> {
  live = await openLiveEdition({
    dataDir,
    indexDataDir: INDEX_DATA,
    bundled: () => loadBundledEdition(INDEX_DATA),
    search: { backend: "embedded" },
    logger,
    watch: false,
  });
  return live;
}

describe("snapshot store", () => {
  it("writes atomically, keeps the previous snapshot and swaps back on rollback", async () => {
    const store = createSnapshotStore(dataDir);
    await store.publish(smallerEdition("a.txt"));
    await store.publish(smallerEdition("b.txt"));
    expect((await store.read())?.info.source).toBe("b.txt");
    expect((await store.readPrevious())?.info.source).toBe("a.txt");
    expect((await store.rollback())?.info.source).toBe("a.txt");
    expect((await store.read())?.info.source).toBe("a.txt");
    expect((await store.readPrevious())?.info.source).toBe("b.txt");
    expect((await readdir(dataDir)).sort()).toEqual(["snapshot.json", "snapshot.previous.json"]);
  });

  it("refuses a truncated or edited snapshot", async () => {
    const store = createSnapshotStore(dataDir);
    await store.publish(smallerEdition("a.txt"));
    const text = await readFile(store.snapshotPath, "utf8");
    await writeFile(store.snapshotPath, text.replace("a.txt", "x.txt"));
    await expect(store.read()).rejects.toMatchObject({ code: "SNAPSHOT_INVALID" });
    await writeFile(store.snapshotPath, text.slice(0, 100));
    await expect(store.read()).rejects.toMatchObject({ code: "SNAPSHOT_INVALID" });
  });
});

describe("openLiveEdition", () => {
  it("serves the newest bundled edition when DATA_DIR is empty", async () => {
    expect(path.basename(await findBundledEdition(INDEX_DATA))).toBe("shiroi-plan-progress-2018-07.txt");
    const edition = (await open()).current();
    expect(edition.info).toMatchObject({
      source: "shiroi-plan-progress-2018-07.txt",
      projects: 59,
      actions: 93,
    });
    expect(await live?.health()).toEqual({ backend: "embedded", state: "ready", documents: 59 });
  });

  it("starts from the previous snapshot when the current one is broken", async () => {
    const store = createSnapshotStore(dataDir);
    await store.publish(smallerEdition("a.txt"));
    await store.publish(smallerEdition("b.txt"));
    await writeFile(store.snapshotPath, "{");
    expect((await open()).current().info.source).toBe("a.txt");
    expect(errors).toEqual(["snapshot is broken; ignoring it"]);
  });

  it("swaps to a new snapshot while a request holding the old edition stays consistent", async () => {
    const handle = await open();
    const held = handle.current();
    const changes: string[] = [];
    handle.onChange((edition) => changes.push(edition.info.source));
    await createSnapshotStore(dataDir).publish(smallerEdition("next.txt"));
    expect(await handle.reload()).toBe(true);
    expect(handle.current().info).toMatchObject({ source: "next.txt", projects: 58 });
    expect(changes).toEqual(["next.txt"]);
    // The request that took the old edition still searches the old one.
    expect((await held.backend.search({ terms: [], filter: {} })).length).toBe(59);
    expect((await handle.current().backend.search({ terms: [], filter: {} })).length).toBe(58);
    expect(await handle.reload()).toBe(false);
  });
});
