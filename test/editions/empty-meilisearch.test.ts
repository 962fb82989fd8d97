// Issue #16, defect 8: the first reindex into an empty Meilisearch, of the edition the image bundles,
// was refused as "identical" (to the bundled edition served from memory), so the state stayed
// degraded until the operator found --force. The identical guard compares with what Meilisearch serves.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/reindex.js";
import { findBundledEdition } from "../../src/editions/index.js";
import { captureIo } from "../support/cli-io.js";
import {
  MEILISEARCH_BINARY,
  MEILISEARCH_SKIP_MESSAGE,
  startMeilisearch,
  type TestMeilisearch,
} from "../support/meilisearch-server.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");

describe.skipIf(!MEILISEARCH_BINARY)(
  `reindex into an empty Meilisearch (${MEILISEARCH_SKIP_MESSAGE} otherwise)`,
  () => {
    let server: TestMeilisearch;
    let work: string;
    let env: Record<string, string>;
    const index = `plan_empty_${process.pid}`;

    beforeAll(async () => {
      server = await startMeilisearch();
      work = await mkdtemp(path.join(tmpdir(), "meili-empty-"));
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

    async function reindex(args: string[]) {
      const cli = captureIo(work, env);
      const code = await run(args, cli.io);
      return { code, out: cli.out(), err: cli.err() };
    }

    it("publishes the bundled edition without --force, then refuses the same file as identical", async () => {
      const bundled = await findBundledEdition(INDEX_DATA);
      const first = await reindex([bundled]);
      expect(first.err).toBe("");
      expect(first.code).toBe(0);
      const client = new Meilisearch({ host: server.host, apiKey: server.masterKey });
      expect((await client.index(index).getStats()).numberOfDocuments).toBeGreaterThan(0);
      // Now Meilisearch serves it: the guard holds again.
      const again = await reindex([bundled]);
      expect(`${again.out}${again.err}`).toMatch(/identical/);
    }, 120_000);
  },
);
