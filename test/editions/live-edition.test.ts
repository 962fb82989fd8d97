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
  sha256Of,
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
  it("keeps every published edition up to N and rolls back to the previous or any kept one", async () => {
    const store = createSnapshotStore(dataDir, { keep: 3 });
    for (const name of ["a.txt", "b.txt", "c.txt", "d.txt"]) await store.publish(smallerEdition(name));
    expect((await store.read())?.info.source).toBe("d.txt");
    expect((await store.list()).map((e) => [e.id, e.info.source, e.live])).toEqual([
      ["2", "b.txt", false],
      ["3", "c.txt", false],
      ["4", "d.txt", true],
    ]);
    expect((await store.rollback())?.info.source).toBe("c.txt");
    expect((await store.rollback())?.info.source).toBe("b.txt");
    expect(await store.rollback()).toBeNull();
    expect((await store.rollback("4"))?.info.source).toBe("d.txt");
    expect(await store.rollback("1")).toBeNull();
    expect((await readdir(dataDir)).sort()).toEqual(["editions", "snapshot.json"]);
    // Ids are never reused after the oldest was dropped.
    expect((await store.publish(smallerEdition("e.txt"))).id).toBe("5");
  });

  it("keeps the edition served before the first publish (the bundled one) as a rollback point", async () => {
    const store = createSnapshotStore(dataDir);
    const bundled = await loadBundledEdition(INDEX_DATA);
    await store.publish(smallerEdition("a.txt"), bundled);
    expect((await store.rollback())?.info.source).toBe("shiroi-plan-progress-2018-07.txt");
    expect((await store.read())?.dictionaries?.["synonyms.txt"]).toContain("防災");
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

  it("starts from the newest kept copy when the live snapshot file is broken", async () => {
    const store = createSnapshotStore(dataDir);
    await store.publish(smallerEdition("a.txt"));
    await store.publish(smallerEdition("b.txt"));
    await writeFile(store.snapshotPath, "{");
    expect((await open()).current().info.source).toBe("b.txt");
    expect(errors).toEqual(["snapshot is broken; ignoring it"]);
  });

  it("serves with the dictionaries stored in the snapshot, whatever index-data/ holds now", async () => {
    const broken = await mkdtemp(path.join(tmpdir(), "index-data-"));
    try {
      await writeFile(path.join(broken, "synonyms.txt"), "ひとつだけ\n");
      const edition = smallerEdition("a.txt");
      await createSnapshotStore(dataDir).publish({
        ...edition,
        dictionaries: { "synonyms.txt": "ぼうさい, 防災, 災害対策\n", "department-aliases.txt": "" },
      });
      live = await openLiveEdition({
        dataDir,
        indexDataDir: broken,
        bundled: () => loadBundledEdition(INDEX_DATA),
        search: { backend: "embedded" },
        logger,
        watch: false,
      });
      expect(live.current().vocabulary.synonyms).toContainEqual(["ぼうさい", "防災", "災害対策"]);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
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

describe("a DATA_DIR from before editions were kept", () => {
  it("keeps its snapshot and previous snapshot at the first publish, so both can be rolled back to", async () => {
    const store = createSnapshotStore(dataDir);
    // Format 1 files, as the previous release wrote them.
    const legacy = (snapshot: Snapshot) => {
      const body = JSON.stringify({ info: snapshot.info, plan: snapshot.plan });
      return `${JSON.stringify({ format: 1, checksum: sha256Of(body), info: snapshot.info, plan: snapshot.plan })}\n`;
    };
    await writeFile(path.join(dataDir, "snapshot.previous.json"), legacy(smallerEdition("old-a.txt")));
    await writeFile(store.snapshotPath, legacy(smallerEdition("old-b.txt")));
    expect((await store.read())?.info.source).toBe("old-b.txt");
    await store.publish(smallerEdition("new.txt"));
    expect((await store.list()).map((e) => e.info.source)).toEqual(["old-a.txt", "old-b.txt", "new.txt"]);
    expect((await store.rollback())?.info.source).toBe("old-b.txt");
    expect((await store.rollback())?.info.source).toBe("old-a.txt");
  });
});
