// Faults a Meilisearch (or what stands between us and it) can throw at the bot, injected by a stand-in
// server: nothing may crash the process, leave a promise unsettled, or keep answers from coming.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createFallbackBackend,
  createMeilisearchBackend,
  createMeilisearchHttpClient,
  type IndexedEdition,
  SearchServiceError,
} from "../../src/index/index.js";
import { createQuestionAnalyzer, getTokenizer, type QueryTerm } from "../../src/nlp/index.js";
import { seedEdition } from "../eval/pipeline.js";
import { type FaultMode, type FaultServer, startFaultServer } from "../support/meilisearch-fault-server.js";

let edition: IndexedEdition;
let terms: QueryTerm[];
let server: FaultServer;

beforeAll(async () => {
  edition = await seedEdition();
  const analyzer = createQuestionAnalyzer({
    tokenizer: await getTokenizer(),
    vocabulary: edition.vocabulary,
  });
  terms = analyzer.analyze("防災訓練は実施された？").terms;
});

afterEach(async () => {
  await server?.close();
});

const silent = { info() {}, warn() {} };

function backendOn(host: string, timeoutMs = 300) {
  return createMeilisearchBackend({
    host,
    index: "plan_projects",
    timeoutMs,
    vocabulary: edition.vocabulary,
  });
}

/** Settles within `ms`, or fails the test: an unsettled promise is the bug being tested for. */
async function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<PromiseSettledResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const never = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([
      Promise.allSettled([promise]).then(([r]) => r as PromiseSettledResult<T>),
      never,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each<[FaultMode, string]>([
  ["garbage", "SEARCH_BAD_RESPONSE"],
  ["reset", "SEARCH_UNREACHABLE"],
  ["reset-mid-body", "SEARCH_UNREACHABLE"],
  ["hang", "SEARCH_TIMEOUT"],
])("a Meilisearch that answers %s", (mode, code) => {
  it(`rejects every call with ${code}, settles, and never crashes the process`, async () => {
    server = await startFaultServer(mode);
    const backend = backendOn(server.host);
    try {
      for (const call of [
        () => backend.search({ terms, limit: 5 }),
        () => backend.search({ terms: [], filter: { statuses: ["未実施"] } }),
      ]) {
        const result = await settlesWithin(call(), 3_000);
        expect(result.status).toBe("rejected");
        const reason = (result as PromiseRejectedResult).reason;
        expect(reason).toBeInstanceOf(SearchServiceError);
        expect((reason as SearchServiceError).code).toBe(code);
      }
      expect(await backend.health()).toMatchObject({ state: "unavailable" });
    } finally {
      await backend.close?.();
    }
  });

  it("is answered from the embedded index behind it", async () => {
    server = await startFaultServer(mode);
    const primary = backendOn(server.host);
    const fallback = createFallbackBackend({
      primary,
      fallback: edition.backend,
      timeoutMs: 300,
      logger: silent,
    });
    try {
      const hits = await fallback.search({ terms, limit: 5 });
      expect(hits[0]?.id).toBe("2-1-2-1");
      expect(fallback.degraded()).toBe(true);
    } finally {
      await fallback.close?.();
      await primary.close?.();
    }
  });
});

describe("the HTTP transport", () => {
  it("settles a request aborted after its connection closed", async () => {
    server = await startFaultServer("hang");
    const http = createMeilisearchHttpClient();
    const controller = new AbortController();
    const pending = http.request(`${server.host}/health`, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    http.close(); // the socket goes first
    controller.abort(new Error("gave up"));
    const result = await settlesWithin(pending, 1_000);
    expect(result.status).toBe("rejected");
  });

  it("settles a request whose connection closes without an answer, with no abort signal at all", async () => {
    server = await startFaultServer("hang");
    const http = createMeilisearchHttpClient();
    const pending = http.request(`${server.host}/health`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    const result = await settlesWithin(pending, 1_000);
    expect(result.status).toBe("rejected");
    http.close();
  });

  it("opens at most 16 sockets to a host, however many requests wait", async () => {
    server = await startFaultServer("slow");
    server.slowMs = 100;
    const http = createMeilisearchHttpClient();
    const results = await Promise.all(
      Array.from({ length: 60 }, () => http.request(`${server.host}/indexes/x/stats`)),
    );
    expect(results).toHaveLength(60);
    expect(server.peakConnections).toBeLessThanOrEqual(16);
    expect(server.peakConnections).toBeGreaterThan(1);
    http.close();
  });
});

describe("the circuit", () => {
  const multiSearches = () => server.requests.filter((r) => r.path === "/multi-search").length;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** A fallback over a Meilisearch that answered garbage once: the circuit is open, probing fast. */
  async function tripped(timeoutMs: number, logged: string[] = []) {
    server = await startFaultServer("garbage");
    const primary = backendOn(server.host);
    const log = (_: object, message: string) => logged.push(message);
    const fallback = createFallbackBackend({
      primary,
      fallback: edition.backend,
      timeoutMs,
      logger: { info: log, warn: log },
      probeDelayMs: 20,
      maxProbeDelayMs: 40,
    });
    await fallback.search({ terms, limit: 5 });
    expect(fallback.degraded()).toBe(true);
    return {
      fallback,
      fiveAtOnce: () => Promise.all(Array.from({ length: 5 }, () => fallback.search({ terms, limit: 5 }))),
      close: async () => {
        await fallback.close?.();
        await primary.close?.();
      },
    };
  }

  it("lets one trial search through at a time when half-open, and closes on its success", async () => {
    const logged: string[] = [];
    const { fallback, fiveAtOnce, close } = await tripped(500, logged);
    try {
      // Healthy but slow: the probe finds it ready, the circuit goes half-open.
      server.mode = "slow";
      server.slowMs = 150;
      await sleep(400);
      const before = multiSearches();
      const searches = await fiveAtOnce();
      // One trial went to Meilisearch; the other four were answered from the embedded index meanwhile.
      expect(multiSearches() - before).toBe(1);
      expect(searches.filter((hits) => hits[0]?.id === "2-1-2-1")).toHaveLength(4);
      expect(fallback.degraded()).toBe(false);
      expect(logged).toContain("search backend recovered");
    } finally {
      await close();
    }
  });

  it("opens again when the half-open trial fails", async () => {
    const { fallback, fiveAtOnce, close } = await tripped(300);
    try {
      // The health check answers (the probe goes half-open), searches do not.
      server.mode = "broken-search";
      await sleep(300);
      const before = multiSearches();
      const searches = await fiveAtOnce();
      expect(searches.map((hits) => hits[0]?.id)).toEqual(Array(5).fill("2-1-2-1"));
      expect(multiSearches() - before).toBe(1);
      expect(fallback.degraded()).toBe(true);
    } finally {
      await close();
    }
  });

  it("probes a hung server one request at a time", async () => {
    const { fallback, close } = await tripped(300);
    try {
      server.mode = "hang";
      server.resetPeaks();
      await sleep(1_500);
      expect(server.requests.filter((r) => r.path.endsWith("/stats")).length).toBeGreaterThanOrEqual(2);
      expect(server.peakPending).toBe(1);
      expect(fallback.degraded()).toBe(true);
      expect((await fallback.search({ terms, limit: 5 }))[0]?.id).toBe("2-1-2-1");
    } finally {
      await close();
    }
  });
});
