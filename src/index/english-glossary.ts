// The staff's English glossary (index-data/english-glossary.txt): English words → the plan's words.
import { englishKey } from "../nlp/index.js";
import type { DictionaryIssue, Parsed } from "./dictionaries.js";

export const ENGLISH_GLOSSARY_FILE = "english-glossary.txt";

const LINE = /^(.+?)\s*=\s*(.+)$/;
const SEPARATOR = /[,、，]/;
const ENGLISH = /^[a-z][a-z0-9 '’.-]*$/;
const MAX_LENGTH = 60;

export function parseEnglishGlossary(
  text: string,
  file = ENGLISH_GLOSSARY_FILE,
): Parsed<Record<string, string[]>> {
  const issues: DictionaryIssue[] = [];
  const glossary: Record<string, string[]> = {};
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const body = raw
      .replace(/^\uFEFF/, "")
      .replace(/#.*$/, "")
      .trim();
    if (!body) return;
    const line = index + 1;
    const match = LINE.exec(body);
    const english = match?.[1]?.split(SEPARATOR).map(englishKey) ?? [];
    const japanese = match?.[2]?.split(SEPARATOR).map((w) => w.trim()) ?? [];
    if (!match || english.length === 0 || japanese.length === 0) {
      issues.push({
        file,
        line,
        message: `「英語, 英語 = 計画書の語, 計画書の語」の形で書いてください: ${body}`,
      });
      return;
    }
    const bad = [...english, ...japanese].find((w) => w.length === 0 || w.length > MAX_LENGTH);
    if (bad !== undefined) {
      issues.push({ file, line, message: `空の語か、${MAX_LENGTH}文字を超える語があります: ${body}` });
      return;
    }
    const notEnglish = english.find((w) => !ENGLISH.test(w));
    if (notEnglish) {
      issues.push({ file, line, message: `「=」の左には英語を書いてください: ${notEnglish}` });
      return;
    }
    for (const key of english) glossary[key] = [...new Set([...(glossary[key] ?? []), ...japanese])];
  });
  return { value: glossary, issues };
}
