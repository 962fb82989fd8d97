// Faults against a real Meilisearch: unreachable at start, stopped or hung mid-run, back again.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LiveEditionHandle,
  loadBundledEdition,
  openLiveEdition,
  type SearchSettings,
} from "../../src/editions/index.js";
import {
  type BackendHealth,
  createEmbeddedBackend,
  createMeilisearchPublisher,
  loadVocabulary,
} from "../../src/index/index.js";
import { createQuestionAnalyzer, getTokenizer } from "../../src/nlp/index.js";
import {
  MEILISEARCH_BINARY,
  MEILISEARCH_SKIP_MESSAGE,
  startMeilisearch,
  type TestMeilisearch,
} from "../support/meilisearch-server.js";
import { loadSeedPlan } from "../support/seed.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");
const INDEX = "plan_projects";

interface Logged {
  level: string;
  message: string;
}

function recordingLogger(lines: Logged[]) {
  return {
    info: (_: object, message: string) => lines.push({ level: "info", message }),
    warn: (_: object, message: string) => lines.push({ level: "warn", message }),
    error: (_: object, message: string) => lines.push({ level: "error", message }),
  };
}

let server: TestMeilisearch;
let work: string;

async function open(search: SearchSettings, logged: Logged[] = []): Promise<LiveEditionHandle> {
  return openLiveEdition({
    dataDir: path.join(work, "data"),
    indexDataDir: INDEX_DATA,
    bundled: () => loadBundledEdition(INDEX_DATA),
    search,
    logger: recordingLogger(logged),
    watch: false,
  });
}

async function bestId(live: LiveEditionHandle, question: string): Promise<string | undefined> {
  const edition = live.current();
  const analyzer = createQuestionAnalyzer({
    tokenizer: await getTokenizer(),
    vocabulary: edition.vocabulary,
  });
  const { terms, filter } = analyzer.analyze(question);
  return (await edition.backend.search({ terms, filter }))[0]?.id;
}

/** Polls health until it reaches the state (recovery runs in the background with backoff). */
async function healthBecomes(live: LiveEditionHandle, state: BackendHealth["state"]): Promise<BackendHealth> {
  let health = await live.health();
  for (let i = 0; i < 200 && health.state !== state; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    health = await live.health();
  }
  return health;
}

describe.skipIf(!MEILISEARCH_BINARY)(
  `fallback to the embedded index (${MEILISEARCH_SKIP_MESSAGE} otherwise)`,
  () => {
    beforeAll(async () => {
      work = await mkdtemp(path.join(tmpdir(), "fallback-"));
      server = await startMeilisearch();
      const tokenizer = await getTokenizer();
      const plan = loadSeedPlan();
      const vocabulary = await loadVocabulary(INDEX_DATA, plan, tokenizer);
      const embedded = createEmbeddedBackend({ plan, tokenizer, vocabulary });
      await createMeilisearchPublisher({ host: server.host, apiKey: server.masterKey, index: INDEX }).publish(
        embedded.documents,
        vocabulary,
      );
    });

    afterAll(async () => {
      await server?.dispose();
      if (work) await rm(work, { recursive: true, force: true });
    });

    const settings = (): Extract<SearchSettings, { backend: "meilisearch" }> => ({
      backend: "meilisearch",
      host: server.host,
      apiKey: server.masterKey,
      index: INDEX,
      // Generous for a loaded CI machine; the hang test below shows the timeout at work.
      timeoutMs: 2_000,
    });

    it("starts and answers when Meilisearch is unreachable at start, reporting degraded", async () => {
      const logged: Logged[] = [];
      const live = await open({ ...settings(), host: "http://127.0.0.1:9" }, logged);
      try {
        expect(await bestId(live, "防災訓練は実施された？")).toBe("2-1-2-1");
        const health = await live.health();
        expect(health).toMatchObject({ state: "degraded", backend: "embedded", documents: 59 });
        expect(health.detail).toContain("SEARCH_UNREACHABLE");
        expect(logged.some((l) => l.level === "warn" && l.message.includes("fallback"))).toBe(true);
      } finally {
        await live.close();
      }
    });

    it("answers from Meilisearch while it is healthy", async () => {
      const live = await open(settings());
      try {
        expect(await live.health()).toEqual({ backend: "meilisearch", state: "ready", documents: 59 });
        expect(await bestId(live, "景観写真展は開催されましたか？")).toBe("2-1-4-1");
      } finally {
        await live.close();
      }
    });

    it("falls back when the server stops mid-run and returns to Meilisearch when it is back", async () => {
      const logged: Logged[] = [];
      const live = await open(settings(), logged);
      try {
        expect((await live.health()).state).toBe("ready");
        await server.stop();
        expect(await bestId(live, "防災訓練は実施された？")).toBe("2-1-2-1");
        expect(await live.health()).toMatchObject({ state: "degraded", backend: "embedded" });

        await server.restart();
        expect(await healthBecomes(live, "ready")).toMatchObject({ backend: "meilisearch", documents: 59 });
        expect(logged.some((l) => l.message === "search backend recovered")).toBe(true);
        expect(await bestId(live, "市民活動保険はいつから始まった？")).toBe("2-2-5-1");
      } finally {
        await live.close();
      }
    });

    it("falls back when the server hangs past the timeout, and recovers without a restart", async () => {
      const live = await open({ ...settings(), timeoutMs: 300 });
      try {
        expect((await healthBecomes(live, "ready")).state).toBe("ready");
        server.pause();
        try {
          expect(await bestId(live, "なし坊の着ぐるみを貸してもらえる？")).toBe("2-1-3-1");
          expect((await live.health()).state).toBe("degraded");
        } finally {
          server.resume();
        }
        expect((await healthBecomes(live, "ready")).backend).toBe("meilisearch");
      } finally {
        await live.close();
      }
    });
  },
);
