// Each edition's Meilisearch client is closed when a newer edition replaces it: swaps leak no sockets.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  createSnapshotStore,
  editionInfoOf,
  loadBundledEdition,
  openLiveEdition,
} from "../../src/editions/index.js";
import type { Plan } from "../../src/plan/index.js";
import { type FaultServer, startFaultServer } from "../support/meilisearch-fault-server.js";
import { loadSeedPlan } from "../support/seed.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");
const silent = { info() {}, warn() {}, error() {} };

let dataDir: string;
let server: FaultServer;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "live-clients-"));
  server = await startFaultServer("healthy");
});

afterEach(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

const until = async (condition: () => boolean, ms = 3_000) => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
};

it("closes the replaced edition's client (and its kept-alive sockets) after the grace period", async () => {
  const live = await openLiveEdition({
    dataDir,
    indexDataDir: INDEX_DATA,
    bundled: () => loadBundledEdition(INDEX_DATA),
    search: {
      backend: "meilisearch",
      host: server.host,
      apiKey: undefined,
      index: "plan_projects",
      timeoutMs: 500,
    },
    logger: silent,
    watch: false,
    retireAfterMs: 50,
  });
  try {
    await live.current().backend.search({ terms: [], filter: { statuses: ["未実施"] } });
    expect(server.openConnections).toBe(1); // kept alive

    const plan: Plan = structuredClone(loadSeedPlan());
    plan.pillars.at(-1)?.sections.at(-1)?.measures.at(-1)?.projects.pop();
    await createSnapshotStore(dataDir).publish({
      plan,
      info: editionInfoOf(plan, { name: "next.txt", bytes: new TextEncoder().encode("next") }),
    });
    expect(await live.reload()).toBe(true);
    expect(await until(() => server.openConnections === 0)).toBe(true);

    // The new edition has a client of its own, and it works.
    await live.current().backend.search({ terms: [], filter: { statuses: ["未実施"] } });
    expect(server.openConnections).toBe(1);
  } finally {
    await live.close();
  }
  expect(await until(() => server.openConnections === 0)).toBe(true);
});
