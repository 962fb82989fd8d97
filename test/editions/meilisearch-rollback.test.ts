// Defect 5 of issue #11: with Meilisearch, the first --rollback failed (plan_projects_previous did not
// exist) although DATA_DIR kept the previous snapshot. A rollback now rebuilds the index from the
// kept snapshot, so it works after the first publish and when the index is gone.
// Defect 8 of issue #16: the first reindex into an empty Meilisearch, of the edition the image
// bundles, was refused as "identical" to the bundled edition served from memory; the identical guard
// now compares with what Meilisearch serves.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/reindex.js";
import { createSnapshotStore, findBundledEdition } from "../../src/editions/index.js";
import { captureIo } from "../support/cli-io.js";
import { nextEdition, officeBytes } from "../support/editions.js";
import {
  MEILISEARCH_BINARY,
  MEILISEARCH_SKIP_MESSAGE,
  startMeilisearch,
  type TestMeilisearch,
} from "../support/meilisearch-server.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");

describe.skipIf(!MEILISEARCH_BINARY)(
  `rollback with Meilisearch (${MEILISEARCH_SKIP_MESSAGE} otherwise)`,
  () => {
    let server: TestMeilisearch;
    let work: string;
    let env: Record<string, string>;
    const index = `plan_rollback_${process.pid}`;

    beforeAll(async () => {
      server = await startMeilisearch();
      work = await mkdtemp(path.join(tmpdir(), "meili-rollback-"));
      env = {
        DATA_DIR: path.join(work, "data"),
        INDEX_DATA_DIR: INDEX_DATA,
        SEARCH_BACKEND: "meilisearch",
        MEILISEARCH_HOST: server.host,
        MEILISEARCH_API_KEY: server.masterKey,
        MEILISEARCH_INDEX: index,
      };
    }, 60_000);

    afterAll(async () => {
      await server?.dispose();
      await rm(work, { recursive: true, force: true });
    });

    async function reindex(args: string[], overrides: Record<string, string> = {}) {
      const cli = captureIo(work, { ...env, ...overrides });
      const code = await run(args, cli.io);
      return { code, out: cli.out(), err: cli.err() };
    }

    async function documents(uid = index): Promise<number> {
      const client = new Meilisearch({ host: server.host, apiKey: server.masterKey });
      return (await client.index(uid).getStats()).numberOfDocuments;
    }

    it("publishes the bundled edition into an empty Meilisearch without --force; then it is identical", async () => {
      const empty = { DATA_DIR: path.join(work, "empty-data"), MEILISEARCH_INDEX: `${index}_empty` };
      const bundled = await findBundledEdition(INDEX_DATA);
      const first = await reindex([bundled], empty);
      expect(first.err).toBe("");
      expect(first.code).toBe(0);
      expect(await documents(empty.MEILISEARCH_INDEX)).toBe(59);
      const again = await reindex([bundled], empty);
      expect(again.code).toBe(1);
      expect(`${again.out}${again.err}`).toMatch(/identical/);
    }, 120_000);

    it("rolls back right after the first publish, then rebuilds an index that is gone", async () => {
      const edition = path.join(work, "2020-07.txt");
      await writeFile(edition, officeBytes(nextEdition()));
      const published = await reindex([edition]);
      expect(published.code).toBe(0);
      expect(await documents()).toBe(60);

      const back = await reindex(["--rollback"]);
      expect(back.err).toBe("");
      expect(back.code).toBe(0);
      expect(back.out).toContain("shiroi-plan-progress-2018-07.txt");
      expect(await documents()).toBe(59);
      expect((await createSnapshotStore(env.DATA_DIR ?? "").read())?.info.projects).toBe(59);

      // The index is lost (a new Meilisearch volume): rolling forward to the kept edition rebuilds it.
      const client = new Meilisearch({ host: server.host, apiKey: server.masterKey });
      await client.deleteIndex(index).waitTask();
      const kept = await createSnapshotStore(env.DATA_DIR ?? "").list();
      const newest = kept.at(-1);
      expect(newest?.info.source).toBe("2020-07.txt");
      const forward = await reindex(["--rollback", newest?.id ?? ""]);
      expect(forward.code).toBe(0);
      expect(await documents()).toBe(60);
    }, 120_000);
  },
);
