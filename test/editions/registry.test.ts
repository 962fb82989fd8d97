// The edition registry in PostgreSQL: every replica on one edition. Replicas here are live editions
// with DATA_DIRs of their own and connections of their own to one database.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAnswerer, editionMarker } from "../../src/answer/index.js";
import { type Database, openDatabase } from "../../src/db/index.js";
import {
  createEditionService,
  createRegistryStore,
  editionInfoOf,
  type LiveEditionHandle,
  loadBundledEdition,
  openLiveEdition,
  type Passed,
  PUBLISH_LOCK_NAME,
  type Snapshot,
} from "../../src/editions/index.js";
import { getTokenizer } from "../../src/nlp/index.js";
import type { Plan } from "../../src/plan/index.js";
import { nextEdition } from "../support/editions.js";
import { loadSeedPlan } from "../support/seed.js";
import {
  createTestDatabase,
  POSTGRES_SKIP_MESSAGE,
  TEST_DATABASE_URL,
  type TestDatabase,
} from "../support/services.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

function smallerEdition(name: string): Snapshot {
  const plan: Plan = structuredClone(loadSeedPlan());
  plan.pillars.at(-1)?.sections.at(-1)?.measures.at(-1)?.projects.pop();
  return { plan, info: editionInfoOf(plan, { name, bytes: new TextEncoder().encode(name) }) };
}

describe.skipIf(!TEST_DATABASE_URL)(
  `edition registry in PostgreSQL (${POSTGRES_SKIP_MESSAGE})`,
  { timeout: 60_000 },
  () => {
    let test: TestDatabase;
    const open: { close(): Promise<unknown> }[] = [];
    const dirs: string[] = [];

    beforeAll(async () => {
      test = await createTestDatabase(TEST_DATABASE_URL ?? "");
    });
    afterEach(async () => {
      for (const item of open.splice(0).reverse()) await item.close();
      for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
      const db = await openDatabase({ url: test.url });
      await db.query.deleteFrom("edition_live").execute();
      await db.query.deleteFrom("editions").execute();
      await db.query.deleteFrom("edition_history").execute();
      await db.close();
    });
    afterAll(() => test.drop());

    /** One replica: its own connection and DATA_DIR, the registry of the shared database. */
    async function replica(options: { watch?: boolean; pollMs?: number } = {}) {
      const database = await openDatabase({ url: test.url });
      open.push(database);
      const dataDir = await mkdtemp(path.join(tmpdir(), "replica-"));
      dirs.push(dataDir);
      const registry = createRegistryStore(database, { keep: 3 });
      const tokenizer = await getTokenizer();
      const live = await openLiveEdition({
        dataDir,
        indexDataDir: INDEX_DATA,
        bundled: () => loadBundledEdition(INDEX_DATA),
        search: { backend: "embedded" },
        logger: quiet,
        tokenizer,
        registry,
        watch: options.watch === false ? false : { pollMs: options.pollMs ?? 1_000 },
      });
      open.push(live);
      const service = createEditionService({
        dataDir,
        indexDataDir: INDEX_DATA,
        publisher: null,
        keep: 3,
        tokenizer,
        shared: { store: registry, database },
      });
      return { database, registry, live, service, dataDir };
    }

    async function checked(service: ReturnType<typeof createEditionService>): Promise<Passed> {
      const check = await service.check({
        name: "plan-2020.txt",
        bytes: new TextEncoder().encode(nextEdition()),
      });
      if (!check.ok) throw new Error("the next edition should pass");
      return check;
    }

    async function swapped(live: LiveEditionHandle, id: string): Promise<number> {
      const started = performance.now();
      await expect.poll(() => live.current().id, { timeout: 2_000, interval: 20 }).toBe(id);
      return performance.now() - started;
    }

    it("keeps editions up to N, ids never reused, rolls back, keeps the history", async () => {
      const { registry } = await replica({ watch: false });
      for (const name of ["a.txt", "b.txt", "c.txt", "d.txt"]) await registry.publish(smallerEdition(name));
      expect((await registry.read())?.info.source).toBe("d.txt");
      expect((await registry.list()).map((e) => [e.info.source, e.live])).toEqual([
        ["b.txt", false],
        ["c.txt", false],
        ["d.txt", true],
      ]);
      const ids = (await registry.list()).map((e) => Number(e.id));
      expect((await registry.rollback())?.info.source).toBe("c.txt");
      expect((await registry.rollback())?.info.source).toBe("b.txt");
      expect(await registry.rollback()).toBeNull();
      const next = await registry.publish(smallerEdition("e.txt"));
      expect(Number(next.id)).toBeGreaterThan(Math.max(...ids));
      await registry.appendHistory({
        action: "publish",
        id: next.id,
        source: "e.txt",
        sha256: next.info.sha256,
        at: "2026-12-06T00:00:00.000Z",
        edition: null,
        projects: 58,
        actions: 0,
        target: "embedded",
      });
      expect((await registry.history()).map((h) => h.source)).toEqual(["e.txt"]);
    });

    it("a publish on one replica is served by the others within 2 s, with its id on every replica", async () => {
      const a = await replica();
      // b hears of it only through NOTIFY (its poll is too slow to matter); c polls as well.
      const b = await replica({ pollMs: 600_000 });
      const c = await replica();
      expect(b.live.current().id).toBeUndefined(); // the bundled edition: nothing published yet
      const outcome = await a.service.publish(await checked(a.service));
      expect(outcome.status).toBe("published");
      const id = outcome.status === "published" ? outcome.id : "";
      for (const other of [b, c]) {
        expect(await swapped(other.live, id)).toBeLessThan(2_000);
        expect(other.live.current().info.source).toBe("plan-2020.txt");
      }
      // Rollback, from another replica: back to the bundled edition's kept copy, everywhere.
      const back = await c.service.rollback();
      expect(back.status).toBe("rolled-back");
      const backId = back.status === "rolled-back" ? back.id : "";
      for (const other of [a, b]) expect(await swapped(other.live, backId)).toBeLessThan(2_000);
      expect(a.live.current().info.source).toBe(b.live.current().info.source);
    });

    it("a replica starting later loads the live edition from the registry, not from its own disk", async () => {
      const a = await replica();
      const outcome = await a.service.publish(await checked(a.service));
      const late = await replica();
      expect(late.live.current().info.source).toBe("plan-2020.txt");
      expect(late.live.current().id).toBe(outcome.status === "published" ? outcome.id : "?");
    });

    it("two replicas cannot publish at once: the database's lock says busy", async () => {
      const a = await replica({ watch: false });
      const b = await replica({ watch: false });
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const holding = a.database.withLock(PUBLISH_LOCK_NAME, () => held);
      expect(holding).not.toBeNull();
      const check = await checked(b.service);
      expect((await b.service.publish(check)).status).toBe("locked");
      expect((await b.service.rollback()).status).toBe("locked");
      release();
      await holding;
      expect((await b.service.publish(check)).status).toBe("published");
    });

    it("a button from an edition newer than the replica holds makes it load that edition", async () => {
      const a = await replica();
      // b hears nothing (no listening, no polling): only the button can tell it.
      const b = await replica({ watch: false });
      await a.service.publish(await checked(a.service));
      await swapped(a.live, (await a.registry.read())?.id ?? "");
      const onB = createAnswerer({ live: b.live, tokenizer: await getTokenizer(), cacheSize: 0 });
      const marker = editionMarker(a.live.current());
      expect(marker).not.toBe(editionMarker(b.live.current()));
      const answer = await onB.followUp({ kind: "detail", edition: marker, id: "2-1-2-1", all: false });
      expect(answer.kind).not.toBe("stale");
      expect(b.live.current().info.source).toBe("plan-2020.txt");
    });
  },
);
