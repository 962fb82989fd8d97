import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sudachiLayerOf } from "../../src/index/index.js";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("the Sudachi layer of an edition", () => {
  it("keeps the groups of the edition's words and remembers them for the next start", async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), "sudachi-layer-"));
    dirs.push(cacheDir);
    const vocabulary = { planReadings: { ボランティア: ["ボランティア"], ホケン: ["保険"] } };
    const layer = await sudachiLayerOf(vocabulary, { cacheDir });
    expect(layer.volunteer).toEqual(["ボランティア"]);
    expect(
      Object.values(layer)
        .flat()
        .every((word) => word === "ボランティア" || word === "保険"),
    ).toBe(true);
    expect(await readdir(cacheDir)).toHaveLength(1);
    expect(await sudachiLayerOf(vocabulary, { cacheDir })).toEqual(layer);
  });
});
