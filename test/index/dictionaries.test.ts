import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DictionaryError,
  loadVocabulary,
  parseDepartmentAliases,
  parseSynonyms,
} from "../../src/index/index.js";
import { getTokenizer, type JapaneseTokenizer } from "../../src/nlp/index.js";
import { loadSeedPlan } from "../support/seed.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");

describe("parseSynonyms", () => {
  it("reads groups separated by any comma, skipping comments and blank lines", () => {
    const text = "# comment\n\nホームページ, HP、ウェブサイト # trailing\r\n保険，補償\n";
    expect(parseSynonyms(text)).toEqual({
      value: [
        ["ホームページ", "HP", "ウェブサイト"],
        ["保険", "補償"],
      ],
      issues: [],
    });
  });

  it("reports bad lines with their numbers and keeps the good ones", () => {
    const { value, issues } = parseSynonyms("保険, 補償\nひとつだけ\n\n補助,,助成\n防災,");
    expect(value).toEqual([["保険", "補償"]]);
    expect(issues.map((i) => i.line)).toEqual([2, 4, 5]);
    expect(issues[0]?.message).toContain("2語以上");
  });
});

describe("parseDepartmentAliases", () => {
  it("reads aliases and successions", () => {
    const text =
      "しろいの魅力発信課 = 魅力発信課, 魅力発信\nしろいの魅力発信課 <- 企画政策課, 秘書広報課 @2017\n";
    expect(parseDepartmentAliases(text)).toEqual({
      value: {
        aliases: { しろいの魅力発信課: ["魅力発信課", "魅力発信"] },
        successions: [
          { department: "しろいの魅力発信課", predecessors: ["企画政策課", "秘書広報課"], since: 2017 },
        ],
      },
      issues: [],
    });
  });

  it("reports lines in neither form, with their numbers", () => {
    const { issues } = parseDepartmentAliases("# ok\n都市計画課\nA課 <- B課\nC課 = D課,\n");
    expect(issues.map((i) => [i.file, i.line])).toEqual([
      ["department-aliases.txt", 2],
      ["department-aliases.txt", 3],
      ["department-aliases.txt", 4],
    ]);
  });
});

describe("loadVocabulary", () => {
  let tokenizer: JapaneseTokenizer;
  beforeAll(async () => {
    tokenizer = await getTokenizer();
  });

  it("loads the shipped dictionaries without errors, with the plan's departments and readings", async () => {
    const vocabulary = await loadVocabulary(INDEX_DATA, loadSeedPlan(), tokenizer);
    expect(vocabulary.synonyms.length).toBeGreaterThan(20);
    expect(vocabulary.departments).toEqual(
      expect.arrayContaining(["都市計画課", "しろいの魅力発信課", "市民安全課"]),
    );
    expect(vocabulary.departmentSuccessions?.[0]?.department).toBe("しろいの魅力発信課");
    expect(vocabulary.planReadings?.ボウサイクンレン).toContain("防災訓練");
    expect(vocabulary.planReadings?.ホケン).toContain("保険");
  });

  it("fails with every bad line listed, and treats a missing file as empty", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "vocab-"));
    try {
      await writeFile(path.join(dir, "synonyms.txt"), "保険, 補償\nだめ\n");
      const error = await loadVocabulary(dir, loadSeedPlan(), tokenizer).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DictionaryError);
      expect(error).toMatchObject({
        code: "DICTIONARY_INVALID",
        issues: [{ file: "synonyms.txt", line: 2 }],
      });

      await writeFile(path.join(dir, "synonyms.txt"), "保険, 補償\n");
      const vocabulary = await loadVocabulary(dir, loadSeedPlan(), tokenizer);
      expect(vocabulary.synonyms).toEqual([["保険", "補償"]]);
      expect(vocabulary.departmentAliases).toEqual({});
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("parseEnglishGlossary", () => {
  it("reads English phrases in lower case and the plan's words", async () => {
    const { parseEnglishGlossary } = await import("../../src/index/index.js");
    const { value, issues } = parseEnglishGlossary(
      "# c\nDisaster Drill, evacuation drill = 防災訓練\ninsurance = 保険, 補償\n",
    );
    expect(issues).toEqual([]);
    expect(value).toEqual({
      "disaster drill": ["防災訓練"],
      "evacuation drill": ["防災訓練"],
      insurance: ["保険", "補償"],
    });
  });

  it("reports lines without = or with Japanese on the left", async () => {
    const { parseEnglishGlossary } = await import("../../src/index/index.js");
    const { issues } = parseEnglishGlossary("insurance 保険\n保険 = 保険\n");
    expect(issues.map((i) => i.line)).toEqual([1, 2]);
  });

  it("the staff's glossary in index-data parses cleanly", async () => {
    const { readFile } = await import("node:fs/promises");
    const { parseEnglishGlossary, ENGLISH_GLOSSARY_FILE } = await import("../../src/index/index.js");
    const text = await readFile(path.join(INDEX_DATA, ENGLISH_GLOSSARY_FILE), "utf8");
    expect(parseEnglishGlossary(text).issues).toEqual([]);
  });
});
