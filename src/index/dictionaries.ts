// Staff-editable dictionaries in index-data/: synonyms.txt and department-aliases.txt (formats in their headers).
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  type DepartmentSuccession,
  getTokenizer,
  type JapaneseTokenizer,
  type Vocabulary,
} from "../nlp/index.js";
import type { Plan } from "../plan/index.js";
import { ENGLISH_GLOSSARY_FILE, parseEnglishGlossary } from "./english-glossary.js";
import { extractPlanWords, type ProjectWords, planReadingsOf } from "./plan-words.js";
import { computeSudachiLayer, type SudachiLayer, type SudachiLayerOptions } from "./sudachi-layer.js";

export const SYNONYMS_FILE = "synonyms.txt";
export const DEPARTMENT_ALIASES_FILE = "department-aliases.txt";

/**
 * The staff dictionaries in index-data/, the one list of them: reindex validates these files and
 * stores their texts in the snapshot, so the served vocabulary never depends on index-data/ again.
 */
export const DICTIONARY_FILES: readonly string[] = [
  SYNONYMS_FILE,
  DEPARTMENT_ALIASES_FILE,
  ENGLISH_GLOSSARY_FILE,
];

/** Dictionary file name → its text as read (a missing file is ""). */
export type DictionaryTexts = Readonly<Record<string, string>>;

/** A dictionary larger than this is not one staff wrote by hand. */
const MAX_DICTIONARY_BYTES = 1_048_576;

export interface DictionaryIssue {
  file: string;
  line: number;
  message: string;
}

export interface Parsed<T> {
  value: T;
  issues: DictionaryIssue[];
}

export interface DepartmentAliases {
  aliases: Record<string, string[]>;
  successions: DepartmentSuccession[];
}

export class DictionaryError extends Error {
  override readonly name = "DictionaryError";
  readonly code: "DICTIONARY_INVALID" | "DICTIONARY_UNREADABLE";
  readonly issues: DictionaryIssue[];

  constructor(code: DictionaryError["code"], message: string, issues: DictionaryIssue[], cause?: unknown) {
    super(message, { cause });
    this.code = code;
    this.issues = issues;
  }
}

const MAX_WORD_LENGTH = 40;
const LIST_SEPARATOR = /[,、，]/;

/** Non-empty, non-comment lines with their 1-based numbers. */
function contentLines(text: string): { line: number; text: string }[] {
  return text.split(/\r\n|\r|\n/).flatMap((raw, index) => {
    const body = raw
      .replace(/^\uFEFF/, "")
      .replace(/#.*$/, "")
      .trim();
    return body ? [{ line: index + 1, text: body }] : [];
  });
}

function splitList(text: string): string[] {
  return text.split(LIST_SEPARATOR).map((word) => word.trim());
}

function checkWords(words: string[], file: string, line: number, issues: DictionaryIssue[]): boolean {
  if (words.some((w) => w.length === 0)) {
    issues.push({ file, line, message: "空の語があります（区切りが続いているか、行末に区切りがあります）" });
    return false;
  }
  const long = words.find((w) => w.length > MAX_WORD_LENGTH);
  if (long) {
    issues.push({
      file,
      line,
      message: `語が長すぎます（${MAX_WORD_LENGTH}文字まで）: ${long.slice(0, 20)}…`,
    });
    return false;
  }
  return true;
}

export function parseSynonyms(text: string, file = SYNONYMS_FILE): Parsed<string[][]> {
  const issues: DictionaryIssue[] = [];
  const groups: string[][] = [];
  for (const { line, text: body } of contentLines(text)) {
    const words = [...new Set(splitList(body))];
    if (!checkWords(words, file, line, issues)) continue;
    if (words.length < 2) {
      issues.push({ file, line, message: `同義語は2語以上をカンマで区切って並べてください: ${body}` });
      continue;
    }
    groups.push(words);
  }
  return { value: groups, issues };
}

const ALIAS_LINE = /^(.+?)\s*=\s*(.+)$/;
const SUCCESSION_LINE = /^(.+?)\s*<-\s*(.+?)\s*@\s*(\d{4})$/;

export function parseDepartmentAliases(
  text: string,
  file = DEPARTMENT_ALIASES_FILE,
): Parsed<DepartmentAliases> {
  const issues: DictionaryIssue[] = [];
  const aliases: Record<string, string[]> = {};
  const successions: DepartmentSuccession[] = [];
  for (const { line, text: body } of contentLines(text)) {
    const succession = SUCCESSION_LINE.exec(body);
    const alias = succession ? null : ALIAS_LINE.exec(body);
    const [name, list] = succession ? [succession[1], succession[2]] : alias ? [alias[1], alias[2]] : [];
    if (!name || !list) {
      issues.push({
        file,
        line,
        message: `「正式名 = 別名, 別名」か「後継課 <- 旧課, 旧課 @年度」の形で書いてください: ${body}`,
      });
      continue;
    }
    const names = splitList(list);
    if (!checkWords([name, ...names], file, line, issues)) continue;
    if (succession) {
      successions.push({ department: name, predecessors: names, since: Number(succession[3]) });
    } else {
      aliases[name] = [...new Set([...(aliases[name] ?? []), ...names])];
    }
  }
  return { value: { aliases, successions }, issues };
}

/** The file's text; null when there is no such file. */
async function readOptional(file: string): Promise<string | null> {
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_DICTIONARY_BYTES) {
      throw new DictionaryError(
        "DICTIONARY_UNREADABLE",
        `${file} is larger than ${MAX_DICTIONARY_BYTES} bytes`,
        [{ file: path.basename(file), line: 0, message: `${MAX_DICTIONARY_BYTES} バイトを超えています` }],
      );
    }
    return new TextDecoder("utf-8").decode(bytes);
  } catch (cause) {
    if (cause instanceof DictionaryError) throw cause;
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new DictionaryError("DICTIONARY_UNREADABLE", `cannot read ${file}`, [], cause);
  }
}

/**
 * The texts of DICTIONARY_FILES, each from the first of `dirs` that holds it (staff's copy before
 * the bundled seed); a file in none counts as empty.
 */
export async function readDictionaryTexts(...dirs: string[]): Promise<DictionaryTexts> {
  const texts = await Promise.all(
    DICTIONARY_FILES.map(async (name) => {
      for (const dir of dirs) {
        const text = await readOptional(path.join(dir, name));
        if (text !== null) return text;
      }
      return "";
    }),
  );
  return Object.fromEntries(DICTIONARY_FILES.map((name, i) => [name, texts[i] ?? ""]));
}

/** All 担当課 named in the plan, projects and actions, in document order. */
export function planDepartments(plan: Plan): string[] {
  const names = new Set<string>();
  for (const pillar of plan.pillars)
    for (const section of pillar.sections)
      for (const measure of section.measures)
        for (const project of measure.projects) {
          for (const name of project.departments) names.add(name);
          for (const action of project.actions) for (const name of action.departments) names.add(name);
        }
  return [...names];
}

/**
 * Reads the dictionaries of indexDataDir (a missing file counts as empty) and adds the plan's
 * departments, word readings and Sudachi layer. Bad dictionary lines fail with DictionaryError.
 */
export async function loadVocabulary(
  indexDataDir: string,
  plan: Plan,
  tokenizer?: JapaneseTokenizer,
): Promise<Vocabulary> {
  const texts = await readDictionaryTexts(indexDataDir);
  return (await editionVocabulary(texts, plan, tokenizer ?? (await getTokenizer()))).vocabulary;
}

export interface EditionVocabularyOptions extends SudachiLayerOptions {
  /** The layer stored with the edition; without it, it is computed from the dictionary. */
  sudachi?: SudachiLayer;
}

export interface EditionVocabulary {
  vocabulary: Vocabulary;
  /** The plan split into words once: for the readings and for the documents. */
  words: ProjectWords[];
  /** The layer the vocabulary uses, to be stored with the edition. */
  sudachi: SudachiLayer;
  /** Where the layer came from: stored with the edition, DATA_DIR's cache, or the dictionary parsed now. */
  sudachiOrigin: "stored" | "cached" | "computed";
}

/** An edition's whole vocabulary from what its snapshot stores (computing the Sudachi layer when it does not). */
export async function editionVocabulary(
  texts: DictionaryTexts,
  plan: Plan,
  tokenizer: JapaneseTokenizer,
  options: EditionVocabularyOptions = {},
): Promise<EditionVocabulary> {
  const base = buildVocabulary(texts, plan, options.sudachi);
  const words = extractPlanWords(plan, tokenizer, base);
  const vocabulary = withPlanReadings(base, words);
  if (options.sudachi) return { vocabulary, words, sudachi: options.sudachi, sudachiOrigin: "stored" };
  const { layer, cached } = await computeSudachiLayer(vocabulary, options);
  return {
    vocabulary: { ...vocabulary, baseSynonyms: layer.synonyms },
    words,
    sudachi: layer,
    sudachiOrigin: cached ? "cached" : "computed",
  };
}

/** Every bad line of the dictionaries, with its file and line number; [] when all are valid. */
export function checkDictionaries(texts: DictionaryTexts): DictionaryIssue[] {
  return parseDictionaries(texts).issues;
}

function parseDictionaries(texts: DictionaryTexts) {
  const synonyms = parseSynonyms(texts[SYNONYMS_FILE] ?? "");
  const departments = parseDepartmentAliases(texts[DEPARTMENT_ALIASES_FILE] ?? "");
  const glossary = parseEnglishGlossary(texts[ENGLISH_GLOSSARY_FILE] ?? "");
  return {
    synonyms,
    departments,
    glossary,
    issues: [...synonyms.issues, ...departments.issues, ...glossary.issues],
  };
}

/**
 * The vocabulary from dictionary texts (as read from index-data/ or as stored in a snapshot), the
 * Sudachi layer stored with them (when there is one) and the plan's departments, before the plan's
 * readings. Bad lines fail with DictionaryError.
 */
export function buildVocabulary(texts: DictionaryTexts, plan: Plan, sudachi?: SudachiLayer): Vocabulary {
  const { synonyms, departments, glossary, issues } = parseDictionaries(texts);
  if (issues.length > 0) {
    const list = issues.map((i) => `${i.file}:${i.line}: ${i.message}`).join("\n");
    throw new DictionaryError("DICTIONARY_INVALID", `dictionary errors:\n${list}`, issues);
  }
  return {
    synonyms: synonyms.value,
    departmentAliases: departments.value.aliases,
    departmentSuccessions: departments.value.successions,
    departments: planDepartments(plan),
    englishGlossary: glossary.value,
    ...(sudachi ? { baseSynonyms: sudachi.synonyms } : {}),
  };
}

/** Adds the readings of the plan's own words, so kana questions reach kanji (ぼうさいくんれん → 防災訓練). */
export function withPlanReadings(vocabulary: Vocabulary, words: readonly ProjectWords[]): Vocabulary {
  return { ...vocabulary, planReadings: planReadingsOf(words) };
}
