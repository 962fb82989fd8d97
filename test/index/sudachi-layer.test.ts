import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { computeSudachiLayer } from "../../src/index/index.js";
import { SynonymDictionaryError, sudachiDictionaryVersion } from "../../src/nlp/index.js";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("the Sudachi layer of an edition", () => {
  const vocabulary = { planReadings: { ボランティア: ["ボランティア"], ホケン: ["保険"] } };

  it("keeps the groups of the edition's words, with the dictionary's version, and remembers them in cacheDir", async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), "sudachi-layer-"));
    dirs.push(cacheDir);
    const { layer, cached } = await computeSudachiLayer(vocabulary, { cacheDir });
    expect(cached).toBe(false);
    expect(layer.package).toBe("sudachi-synonyms-dictionary");
    expect(layer.version).toBe(sudachiDictionaryVersion());
    expect(layer.synonyms.volunteer).toEqual(["ボランティア"]);
    expect(
      Object.values(layer.synonyms)
        .flat()
        .every((word) => word === "ボランティア" || word === "保険"),
    ).toBe(true);
    expect(await readdir(cacheDir)).toHaveLength(1);
    expect(await computeSudachiLayer(vocabulary, { cacheDir })).toEqual({ layer, cached: true });
  });

  it("fails with SynonymDictionaryError when the dictionary is not there", async () => {
    const dictionaryPath = path.join(tmpdir(), "no-such-package", "sudachi-synonyms-dictionary.json");
    await expect(computeSudachiLayer(vocabulary, { dictionaryPath })).rejects.toBeInstanceOf(
      SynonymDictionaryError,
    );
  });
});
