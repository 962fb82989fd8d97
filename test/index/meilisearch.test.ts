// The Meilisearch backend and publisher against a real Meilisearch 1.21 server.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as reindex } from "../../src/cli/reindex.js";
import {
  createEmbeddedBackend,
  createMeilisearchBackend,
  createMeilisearchPublisher,
  type EmbeddedBackend,
  JAPANESE_STOP_WORDS,
  loadVocabulary,
  type MeilisearchBackend,
  type MeilisearchPublisher,
  SEARCHABLE_ATTRIBUTES,
  type SearchDocument,
  SearchServiceError,
} from "../../src/index/index.js";
import { getTokenizer, type Vocabulary } from "../../src/nlp/index.js";
import type { Plan } from "../../src/plan/index.js";
import { nextEdition } from "../support/editions.js";
import {
  MEILISEARCH_BINARY,
  MEILISEARCH_SKIP_MESSAGE,
  startMeilisearch,
  type TestMeilisearch,
} from "../support/meilisearch-server.js";
import { loadSeedPlan, SEED_PATH } from "../support/seed.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");
const INDEX = "plan_projects";

let server: TestMeilisearch;
let plan: Plan;
let vocabulary: Vocabulary;
let embedded: EmbeddedBackend;
let documents: SearchDocument[];
let publisher: MeilisearchPublisher;
let backend: MeilisearchBackend;

/** The server's REST API directly, to check what the client modules did. */
async function api<T>(pathname: string): Promise<T> {
  const response = await fetch(`${server.host}${pathname}`, {
    headers: { Authorization: `Bearer ${server.masterKey}` },
  });
  return (await response.json()) as T;
}

async function documentCount(uid: string): Promise<number | null> {
  const response = await fetch(`${server.host}/indexes/${uid}/stats`, {
    headers: { Authorization: `Bearer ${server.masterKey}` },
  });
  if (response.status === 404) return null;
  return ((await response.json()) as { numberOfDocuments: number }).numberOfDocuments;
}

async function indexUids(): Promise<string[]> {
  const body = await api<{ results: { uid: string }[] }>("/indexes?limit=1000");
  return body.results.map((r) => r.uid).sort();
}

describe.skipIf(!MEILISEARCH_BINARY)(`Meilisearch backend (${MEILISEARCH_SKIP_MESSAGE} otherwise)`, () => {
  beforeAll(async () => {
    server = await startMeilisearch();
    const tokenizer = await getTokenizer();
    plan = loadSeedPlan();
    vocabulary = await loadVocabulary(INDEX_DATA, plan, tokenizer);
    embedded = createEmbeddedBackend({ plan, tokenizer, vocabulary });
    documents = [...embedded.documents];
    publisher = createMeilisearchPublisher({ host: server.host, apiKey: server.masterKey, index: INDEX });
    backend = createMeilisearchBackend({
      host: server.host,
      apiKey: server.masterKey,
      index: INDEX,
      timeoutMs: 5_000,
      vocabulary,
    });
    await publisher.publish(documents, vocabulary);
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it("publishes the first edition under the live name, with no previous and no temp index", async () => {
    expect(await indexUids()).toEqual([INDEX]);
    expect(await documentCount(INDEX)).toBe(59);
    expect(await backend.health()).toEqual({ backend: "meilisearch", state: "ready", documents: 59 });
  });

  it("applies the settings: ordered searchable attributes, filters, Japanese locales, stop words, synonyms", async () => {
    const settings = await api<{
      searchableAttributes: string[];
      filterableAttributes: string[];
      sortableAttributes: string[];
      localizedAttributes: { attributePatterns: string[]; locales: string[] }[];
      stopWords: string[];
      synonyms: Record<string, string[]>;
    }>(`/indexes/${INDEX}/settings`);
    expect(settings.searchableAttributes).toEqual([...SEARCHABLE_ATTRIBUTES]);
    expect(settings.searchableAttributes.slice(0, 2)).toEqual(["titleTokens", "actionTokens"]);
    expect(settings.filterableAttributes).toEqual(
      expect.arrayContaining(["status", "departments", "fiscalYears", "pillarId", "sectionId", "measureId"]),
    );
    expect(settings.sortableAttributes).toContain("order");
    expect(settings.localizedAttributes).toEqual([
      { attributePatterns: [...SEARCHABLE_ATTRIBUTES], locales: ["jpn"] },
    ]);
    // The server stores them decomposed (が as か + ゙).
    const stored = settings.stopWords.map((w) => w.normalize("NFC")).sort();
    expect(stored).toEqual([...new Set(JAPANESE_STOP_WORDS)].sort());
    expect(settings.synonyms.ホームページ).toContain("hp");
  });

  it.each([
    [{ statuses: ["未実施" as const] }],
    [{ statuses: ["記載なし" as const, "未実施" as const] }],
    [{ departments: ["都市計画課"] }],
    [{ departments: ["しろいの魅力発信課"] }],
    [{ fiscalYears: [2016] }],
    [{ fiscalYears: [2016], departments: ["企画政策課"] }],
  ])("filters %j exactly like the embedded backend, in plan order", async (filter) => {
    const expected = await embedded.search({ terms: [], filter });
    const got = await backend.search({ terms: [], filter });
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(expected);
  });

  it("counts 22 未実施 projects and quotes filter values safely", async () => {
    expect(await backend.search({ terms: [], filter: { statuses: ["未実施"] } })).toHaveLength(22);
    expect(await backend.search({ terms: [], filter: { departments: ['都市"計画\\課'] } })).toEqual([]);
  });

  it("combines terms and filters", async () => {
    const term = { surface: "訓練", forms: ["訓練"], weight: 1 };
    expect((await backend.search({ terms: [term] }))[0]?.id).toBe("2-1-2-1");
    expect(await backend.search({ terms: [term], filter: { statuses: ["未実施"] } })).toEqual([]);
  });

  it("wraps the client's errors in SearchServiceError", async () => {
    const missing = createMeilisearchBackend({
      host: server.host,
      apiKey: server.masterKey,
      index: "nope",
      timeoutMs: 2_000,
    });
    const error = await missing.search({ terms: [], filter: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchServiceError);
    expect(error).toMatchObject({ code: "SEARCH_REJECTED", serviceCode: "index_not_found" });
    expect(await missing.health()).toMatchObject({ state: "unavailable", documents: 0 });
    const wrongKey = createMeilisearchBackend({
      host: server.host,
      apiKey: "wrong",
      index: INDEX,
      timeoutMs: 2_000,
    });
    await expect(wrongKey.search({ terms: [] })).rejects.toMatchObject({ code: "SEARCH_REJECTED" });
  });

  it("publishes a new edition: temp index → settings → verify → swap, keeping the previous one", async () => {
    const steps: string[] = [];
    const result = await publisher.publish(documents.slice(0, 58), vocabulary, (step) => steps.push(step));
    expect(result).toEqual({ index: INDEX, previous: `${INDEX}_previous`, documents: 58 });
    expect(steps.join("\n")).toMatch(/一時インデックス[\s\S]*設定[\s\S]*検証[\s\S]*swapIndexes/);
    expect(await indexUids()).toEqual([INDEX, `${INDEX}_previous`]);
    expect(await documentCount(INDEX)).toBe(58);
    expect(await documentCount(`${INDEX}_previous`)).toBe(59);
    // Settings travel with the swapped index.
    const settings = await api<{ localizedAttributes: unknown[] }>(`/indexes/${INDEX}/settings`);
    expect(settings.localizedAttributes).toHaveLength(1);
  });

  it("rolls back by swapping the previous index in, and back again", async () => {
    expect(await publisher.rollback()).toBe(true);
    expect(await documentCount(INDEX)).toBe(59);
    expect(await documentCount(`${INDEX}_previous`)).toBe(58);
    expect(await backend.search({ terms: [], filter: { statuses: ["未実施"] } })).toHaveLength(22);
  });

  it("leaves the live index serving and no temp index behind when a reindex fails", async () => {
    const before = await indexUids();
    // Meilisearch refuses this primary key value: the document task fails.
    const invalid = [{ ...documents[0], id: "not a valid id!" } as SearchDocument, ...documents.slice(1)];
    await expect(publisher.publish(invalid, vocabulary)).rejects.toMatchObject({
      code: "SEARCH_TASK_FAILED",
    });
    // Duplicate ids collapse: the count check refuses the index.
    const duplicated = [...documents, documents[0] as SearchDocument];
    await expect(publisher.publish(duplicated, vocabulary)).rejects.toMatchObject({
      code: "SEARCH_VERIFY_FAILED",
    });
    expect(await indexUids()).toEqual(before);
    expect(await documentCount(INDEX)).toBe(59);
    const [best] = await backend.search({ terms: [{ surface: "防災訓練", forms: ["防災訓練"], weight: 1 }] });
    expect(best?.id).toBe("2-1-2-1");
  });

  it("cleans up temp indexes an interrupted run left behind", async () => {
    await fetch(`${server.host}/indexes`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.masterKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ uid: `${INDEX}_tmp_crashed`, primaryKey: "id" }),
    });
    await expect.poll(indexUids).toContain(`${INDEX}_tmp_crashed`);
    expect(await publisher.deleteTempIndexes()).toEqual([`${INDEX}_tmp_crashed`]);
    expect(await indexUids()).not.toContain(`${INDEX}_tmp_crashed`);
  });

  it("a publish never deletes another publish's temp index: each is named after its edition", async () => {
    // Another replica's publish, in progress: its temp index was made a moment ago.
    await fetch(`${server.host}/indexes`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.masterKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ uid: `${INDEX}_tmp_e7other`, primaryKey: "id" }),
    });
    await expect.poll(indexUids).toContain(`${INDEX}_tmp_e7other`);
    const steps: string[] = [];
    await publisher.publish(documents, vocabulary, (step) => steps.push(step), { edition: "e12" });
    expect(steps.join("\n")).toContain(`一時インデックス ${INDEX}_tmp_e12 を作成`);
    expect(await indexUids()).toContain(`${INDEX}_tmp_e7other`);
    expect(await documentCount(INDEX)).toBe(59);
    await publisher.deleteTempIndexes();
  });

  it("reindex CLI publishes to Meilisearch and rolls back", async () => {
    const work = await mkdtemp(path.join(tmpdir(), "reindex-meili-"));
    try {
      const env = {
        DATA_DIR: path.join(work, "data"),
        INDEX_DATA_DIR: INDEX_DATA,
        SEARCH_BACKEND: "meilisearch",
        MEILISEARCH_HOST: server.host,
        MEILISEARCH_API_KEY: server.masterKey,
        MEILISEARCH_INDEX: "cli_projects",
      };
      let out = "";
      const stdout = new PassThrough();
      stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env, cwd: work };
      // The seed is the bundled edition, served from memory but not by the empty Meilisearch: it is
      // published (issue #16, defect 8); once Meilisearch serves it, the same file is identical.
      expect(await reindex([SEED_PATH], io)).toBe(0);
      expect(await documentCount("cli_projects")).toBe(59);
      expect(await reindex([SEED_PATH], io)).toBe(1);
      const next = path.join(work, "2020-07.txt");
      await writeFile(next, nextEdition());
      expect(await reindex([next], io)).toBe(0);
      expect(out).toContain("Meilisearch: cli_projects に 60 件を公開");
      expect(await documentCount("cli_projects")).toBe(60);
      expect(await reindex(["--rollback"], io)).toBe(0);
      expect(out).toContain("に戻しました");
      expect(await documentCount("cli_projects")).toBe(59);
      expect((await indexUids()).filter((uid) => uid.startsWith("cli_projects_tmp_"))).toEqual([]);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
