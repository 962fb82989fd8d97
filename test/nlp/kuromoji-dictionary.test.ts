import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import kuromoji from "kuromoji";
import { describe, expect, it } from "vitest";
import { kuromojiDictionaryPath } from "../../src/nlp/index.js";
import {
  compactTargetMap,
  type KuromojiTokenizer,
  loadKuromojiTokenizer,
  readGzipped,
  trimmedTrie,
  withoutZeroPadding,
} from "../../src/nlp/kuromoji-dictionary.js";
import { HOSTILE_QUESTIONS } from "../support/hostile-inputs.js";

const DICTIONARY = kuromojiDictionaryPath();

function kuromojiOwn(): Promise<KuromojiTokenizer> {
  return new Promise((resolve, reject) =>
    kuromoji
      .builder({ dicPath: DICTIONARY })
      .build((error, tokenizer) => (error ? reject(error) : resolve(tokenizer))),
  );
}

/** Every question of the evaluation sets, the bundled plan line by line, and hostile texts. */
function texts(): string[] {
  const evalDir = new URL("../eval/", import.meta.url);
  const questions = readdirSync(evalDir)
    .filter((name) => name.endsWith(".jsonl"))
    .flatMap((name) => readFileSync(new URL(name, evalDir), "utf8").split("\n"))
    .filter((line) => line.trim())
    .flatMap((line) => {
      const question = (JSON.parse(line) as { question?: unknown }).question;
      return typeof question === "string" ? [question] : [];
    });
  const plan = readFileSync(
    new URL("../../index-data/shiroi-plan-progress-2018-07.txt", import.meta.url),
    "utf8",
  )
    .split("\n")
    .filter((line) => line.trim());
  return [...questions, ...plan, ...Object.values(HOSTILE_QUESTIONS).map((text) => text.slice(0, 256))];
}

describe("kuromoji's dictionary at its real size", () => {
  it("tokenizes every text exactly as kuromoji's own loader does", async () => {
    const [ours, theirs] = await Promise.all([loadKuromojiTokenizer(DICTIONARY), kuromojiOwn()]);
    const all = texts();
    expect(all.length).toBeGreaterThan(400);
    const outcome = (tokenizer: KuromojiTokenizer, text: string) => {
      try {
        return JSON.stringify(tokenizer.tokenize(text));
      } catch (error) {
        return `threw ${String(error)}`;
      }
    };
    const differing = all.filter((text) => outcome(ours, text) !== outcome(theirs, text));
    expect(differing).toEqual([]);
  }, 60_000);

  it("gunzips a file into one buffer of exactly its size", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "kuromoji-dict-"));
    const data = Buffer.from("市民参加".repeat(10_000));
    writeFileSync(path.join(dir, "x.dat.gz"), gzipSync(data));
    const read = await readGzipped(path.join(dir, "x.dat.gz"));
    expect(read.equals(data)).toBe(true);
    expect(read.buffer.byteLength).toBeLessThanOrEqual(data.length + 1024);
    writeFileSync(path.join(dir, "bad.dat.gz"), Buffer.from("not gzip at all, really not"));
    await expect(readGzipped(path.join(dir, "bad.dat.gz"))).rejects.toThrow();
  });

  it("keeps no padding but four zeros after the last byte, in a buffer of its own", () => {
    const padded = new Uint8Array(1000);
    padded.set([1, 2, 0, 3], 10);
    const trimmed = withoutZeroPadding(padded);
    expect([...trimmed]).toEqual([...padded.subarray(0, 18)]);
    expect(trimmed.buffer.byteLength).toBe(18);
    const full = new Uint8Array([1, 2, 3]);
    expect(withoutZeroPadding(full)).toBe(full);
  });

  it("cuts only the trie cells doublearray would answer the same for", () => {
    const base = Int32Array.from([1, 5, -1, 7, -3, -4]); // cells 4 and 5 hold −i+1
    const check = Int32Array.from([0, 0, -3, 2, -5, -6]); // cells 4 and 5 hold −i−1
    const { base: b, check: c } = trimmedTrie(base, check);
    expect([...b]).toEqual([1, 5, -1, 7]);
    expect([...c]).toEqual([0, 0, -3, 2]);
  });

  it("reads the surface map as kuromoji's object does, padding records ignored", () => {
    const ints = Int32Array.from([2, 7, 2, 100, 110, 3, 1, 40, 0, 0, 0, 0]);
    const map = compactTargetMap(new Uint8Array(ints.buffer));
    expect(Array.from(map[7] ?? [])).toEqual([100, 110]);
    expect(Array.from(map[3] ?? [])).toEqual([40]);
    expect(map[5]).toBeUndefined();
    expect(map[0]).toBeUndefined();
    expect(map[99]).toBeUndefined();
  });

  it("fails on a dictionary with a missing file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "kuromoji-dict-"));
    for (const name of readdirSync(DICTIONARY).filter((n) => n !== "tid_map.dat.gz"))
      copyFileSync(path.join(DICTIONARY, name), path.join(dir, name));
    await expect(loadKuromojiTokenizer(dir)).rejects.toThrow(/tid_map/);
  });
});
