// Issue #16, defect 10: a console publish filters the 14.5 MB Sudachi dictionary on a worker thread,
// so the process that answers citizens never holds the parsed dictionary; the layer is the same.
import { describe, expect, it } from "vitest";
import {
  filterSudachiGroups,
  filterSudachiOffThread,
  loadSudachiGroups,
  sudachiDictionaryPath,
} from "../../src/nlp/index.js";

describe("the Sudachi dictionary filtered off the main thread", () => {
  it("gives the layer the main thread would, from a worker thread", async () => {
    const words = new Set(["ボランティア", "ホームページ", "保険", "防災訓練", "ごみ"]);
    const path = sudachiDictionaryPath();
    const expected = filterSudachiGroups(await loadSudachiGroups(path), (word) => words.has(word));
    const filtered = await filterSudachiOffThread(path, words);
    expect(filtered.threadId).toBeGreaterThan(0);
    expect(filtered.synonyms).toEqual(expected);
    expect(Object.keys(filtered.synonyms).length).toBeGreaterThan(0);
  }, 60_000);

  it("fails with a clear error when the dictionary cannot be read", async () => {
    await expect(filterSudachiOffThread("/nonexistent/synonyms.json", new Set(["ごみ"]))).rejects.toThrow(
      /Sudachi dictionary could not be filtered/,
    );
  }, 60_000);
});
