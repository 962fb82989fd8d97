// The edition carries its whole vocabulary: the staff dictionaries' texts and the Sudachi layer
// filtered to its words. A start from a published snapshot needs neither index-data/ nor the
// Sudachi package.
import { readFileSync } from "node:fs";
import { copyFile, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnswerer } from "../../src/answer/index.js";
import {
  createEditionService,
  type EditionService,
  type LiveEditionHandle,
  openLiveEdition,
  type Snapshot,
  sha256Of,
} from "../../src/editions/index.js";
import { DICTIONARY_FILES, SUDACHI_CACHE_DIR, SYNONYMS_FILE } from "../../src/index/index.js";
import { getTokenizer, sudachiDictionaryVersion } from "../../src/nlp/index.js";
import { seedAnswerer } from "../support/answers.js";
import { nextEdition } from "../support/editions.js";
import { loadSeedBytes, SEED_PATH } from "../support/seed.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");
const EVAL = path.resolve(import.meta.dirname, "../eval");

const dirs: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

type LogLine = (object: object, message: string) => void;
const ignore: LogLine = () => {};
const silent: { info: LogLine; warn: LogLine; error: LogLine } = {
  info: ignore,
  warn: ignore,
  error: ignore,
};

/** The live edition as the server opens it from DATA_DIR (never the bundled edition here). */
function openFrom(
  dataDir: string,
  indexDataDir: string,
  extra: { logger?: typeof silent; sudachiDictionaryPath?: string } = {},
): Promise<LiveEditionHandle> {
  return openLiveEdition({
    dataDir,
    indexDataDir,
    bundled: () => Promise.reject(new Error("the bundled edition is not needed")),
    search: { backend: "embedded" },
    logger: extra.logger ?? silent,
    watch: false,
    ...(extra.sudachiDictionaryPath ? { sudachiDictionaryPath: extra.sudachiDictionaryPath } : {}),
  });
}

/** index-data/ with the staff dictionaries only (no bundled edition to compare against). */
async function dictionariesOnly(): Promise<string> {
  const dir = await tempDir("index-data-");
  for (const name of DICTIONARY_FILES) await copyFile(path.join(INDEX_DATA, name), path.join(dir, name));
  return dir;
}

async function publish(service: EditionService, name: string, bytes: Uint8Array): Promise<string> {
  const check = await service.check({ name, bytes });
  if (!check.ok) throw new Error(`${name} does not validate`);
  const outcome = await service.publish(check, { force: true });
  if (outcome.status !== "published") throw new Error(`${name}: ${outcome.status}`);
  return outcome.id;
}

/** A tiny stand-in for the Sudachi package: one group, its own version. */
async function tinySudachiPackage(): Promise<string> {
  const dir = await tempDir("sudachi-stand-in-");
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ version: "0.0.1-test" }));
  const groups = [
    {
      id: "1",
      items: [
        { midashi: "防災訓練", expandControl: 0, ryakusyou: "" },
        { midashi: "災害訓練", expandControl: 0, ryakusyou: "" },
      ],
    },
  ];
  const file = path.join(dir, "sudachi-synonyms-dictionary.json");
  await writeFile(file, JSON.stringify(groups));
  return file;
}

/** Questions whose answers lean on the Sudachi layer (citizens' words, English) and on the staff synonyms. */
function questions(): string[] {
  return ["questions-citizen-words.jsonl", "questions-citizen-english.jsonl", "questions.jsonl"].flatMap(
    (file) =>
      readFileSync(path.join(EVAL, file), "utf8")
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => (JSON.parse(line) as { question: string }).question),
  );
}

describe("the vocabulary stored with an edition", () => {
  let dataDir: string;
  let indexDataDir: string;
  let published: Snapshot | null;

  beforeAll(async () => {
    dataDir = await tempDir("edition-vocabulary-");
    indexDataDir = await dictionariesOnly();
    const service = createEditionService({ dataDir, indexDataDir, publisher: null });
    await publish(service, path.basename(SEED_PATH), loadSeedBytes());
    published = await service.store.read();
  });

  it("a published snapshot carries the dictionary texts and the Sudachi layer with its version", () => {
    expect(published?.dictionaries?.[SYNONYMS_FILE]).toContain(",");
    expect(published?.sudachi?.package).toBe("sudachi-synonyms-dictionary");
    expect(published?.sudachi?.version).toBe(sudachiDictionaryVersion());
    expect(Object.keys(published?.sudachi?.synonyms ?? {}).length).toBeGreaterThan(50);
  });

  it("starts with a broken synonyms file and no Sudachi package, and answers as the edition built from both", async () => {
    await writeFile(path.join(indexDataDir, SYNONYMS_FILE), "ひとつだけ\n壊れた,,行\n");
    const live = await openFrom(dataDir, indexDataDir, {
      sudachiDictionaryPath: path.join(dataDir, "no-such-package", "sudachi-synonyms-dictionary.json"),
    });
    try {
      expect(live.current().vocabulary.baseSynonyms).toEqual(published?.sudachi?.synonyms);
      const served = createAnswerer({ live, tokenizer: await getTokenizer() });
      const { answerer: reference } = await seedAnswerer();
      for (const question of questions()) {
        expect(await served.answer(question), question).toEqual(await reference.answer(question));
      }
      // Nothing was computed, so nothing was remembered anywhere.
      expect(await readdir(dataDir)).not.toContain(SUDACHI_CACHE_DIR);
    } finally {
      await live.close();
    }
  });
});

describe("rollback and the Sudachi layer", () => {
  it("restores the layer the edition was published with, and the live edition serves it", async () => {
    const dataDir = await tempDir("edition-vocabulary-rollback-");
    const indexDataDir = await dictionariesOnly();
    const tiny = await tinySudachiPackage();
    const first = createEditionService({
      dataDir,
      indexDataDir,
      publisher: null,
      sudachiDictionaryPath: tiny,
    });
    const firstId = await publish(first, path.basename(SEED_PATH), loadSeedBytes());
    const layerA = (await first.store.readKept(firstId))?.sudachi;
    expect(layerA).toEqual({
      package: "sudachi-synonyms-dictionary",
      version: "0.0.1-test",
      synonyms: { 災害訓練: ["防災訓練"] },
    });

    const second = createEditionService({ dataDir, indexDataDir, publisher: null });
    await publish(second, "shiroi-2020-07.txt", new TextEncoder().encode(nextEdition()));
    expect((await second.store.read())?.sudachi?.version).toBe(sudachiDictionaryVersion());

    const rolledBack = await second.rollback();
    expect(rolledBack.status).toBe("rolled-back");
    expect((await second.store.read())?.sudachi).toEqual(layerA);

    const live = await openFrom(dataDir, indexDataDir);
    try {
      expect(live.current().vocabulary.baseSynonyms).toEqual({ 災害訓練: ["防災訓練"] });
    } finally {
      await live.close();
    }
  });
});

describe("a snapshot written before the layer was stored", () => {
  it("still loads: the layer is computed once, said in a log line, and remembered in DATA_DIR", async () => {
    const dataDir = await tempDir("edition-vocabulary-old-");
    const indexDataDir = await dictionariesOnly();
    const service = createEditionService({ dataDir, indexDataDir, publisher: null });
    await publish(service, path.basename(SEED_PATH), loadSeedBytes());
    const current = await service.store.read();
    if (!current) throw new Error("nothing published");
    // As snapshot.json of format 2 was written: info, plan and dictionaries, no layer.
    const { info, plan, dictionaries } = current;
    const old = {
      format: 2,
      checksum: sha256Of(JSON.stringify({ info, plan, dictionaries })),
      info,
      plan,
      dictionaries,
    };
    await writeFile(path.join(dataDir, "snapshot.json"), JSON.stringify(old));

    const open = (messages: string[]) =>
      openFrom(dataDir, indexDataDir, {
        logger: { ...silent, info: (_, message) => void messages.push(message) },
      });
    const first: string[] = [];
    const live = await open(first);
    await live.close();
    expect(live.current().vocabulary.baseSynonyms).toEqual(current.sudachi?.synonyms);
    expect(first.filter((m) => m.includes("no stored Sudachi layer"))).toEqual([
      expect.stringContaining("computed it once"),
    ]);
    expect(await readdir(path.join(dataDir, SUDACHI_CACHE_DIR))).toHaveLength(1);

    const second: string[] = [];
    await (await open(second)).close();
    expect(second.filter((m) => m.includes("no stored Sudachi layer"))).toEqual([
      expect.stringContaining("used the one computed before"),
    ]);
  });
});
