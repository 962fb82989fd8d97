// English questions: detected, then rewritten as a short Japanese question in the plan's words, so
// that the one analysis and search path answers them. The answer layer frames the reply in English.
import type { Vocabulary } from "./types.js";

/** The form English words are compared in: lower case, single spaces, no apostrophes. */
export function englishKey(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/['’]/g, "").replace(/\s+/g, " ").trim();
}

const LATIN_LETTER = /[a-z]/i;
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
const MAX_PHRASE_WORDS = 4;
/** Words that say nothing about which project is meant; never looked up in Sudachi's English forms. */
const FUNCTION_WORDS = new Set(
  (
    "a an the is are was were be been being has have had do does did done can could will would should " +
    "there here this that these those it its i me my we our you your they their he she of to in on at " +
    "for from by with about into as and or but not yet already still any some all every each which what " +
    "when where who whom whose why how many much tell know show give please city shiroi plan project " +
    "projects started start begin began held hold carried carry out made make set up get got use used " +
    "status progress happen happened going go doing like today now ever also just more most than then so"
  ).split(" "),
);
const MIN_SUDACHI_WORD = 4;

const WHEN = /\b(?:when|what year|which year|since when|how long)\b/;
const DEPARTMENT = /\b(?:department|division|section|office|in charge|responsible|who handles|who runs)\b/;
const COUNT = /\bhow many\b|\bnumber of\b/;
/** A count out of the whole: "what percentage", "how many of them". */
const SHARE =
  /\b(?:percentage|percent|proportion|share|ratio|fraction)\b|\bhow many of (?:them|the projects|all)\b/;
const NOT_DONE = /\bnot (?:yet )?(?:been )?(?:carried out|implemented|started|done|held)\b|\bunimplemented\b/;
const OVERVIEW = /\b(?:overall|overview|whole plan|overall progress)\b/;
const DONE = /\b(?:carried out|implemented|completed|done|finished|started)\b/;
const PROJECTS = /\b(?:all|every|list|which|what)\b.*\bprojects?\b/;
const YEAR = /\b(?:fy\s*)?((?:19|20)\d{2})\b/g;

export interface EnglishTranslator {
  /** Whether the text is an English question (Latin letters, no Japanese). */
  isEnglish(text: string): boolean;
  /** The question as Japanese in the plan's words; null when none of its words are known. */
  toJapanese(text: string): string | null;
}

function singular(word: string): string[] {
  if (word.endsWith("ies")) return [`${word.slice(0, -3)}y`];
  if (word.endsWith("es")) return [word.slice(0, -2), word.slice(0, -1)];
  if (word.endsWith("s") && !word.endsWith("ss")) return [word.slice(0, -1)];
  return [];
}

export function createEnglishTranslator(
  vocabulary: Pick<Vocabulary, "englishGlossary" | "baseSynonyms">,
): EnglishTranslator {
  const glossary = new Map(Object.entries(vocabulary.englishGlossary ?? {}));
  const base = new Map(
    Object.entries(vocabulary.baseSynonyms ?? {}).filter(([word]) => /^[a-z][a-z -]*$/.test(word)),
  );

  function lookup(words: readonly string[], at: number): { plan: string[]; length: number } | null {
    for (let length = Math.min(MAX_PHRASE_WORDS, words.length - at); length >= 1; length--) {
      const phrase = words.slice(at, at + length);
      const last = phrase[phrase.length - 1] ?? "";
      for (const lastForm of [last, ...singular(last)]) {
        const key = [...phrase.slice(0, -1), lastForm].join(" ");
        const found = glossary.get(key);
        if (found) return { plan: found, length };
        if (length === 1 && !FUNCTION_WORDS.has(key) && key.length >= MIN_SUDACHI_WORD) {
          const fromSudachi = base.get(key);
          if (fromSudachi) return { plan: fromSudachi, length };
        }
      }
    }
    return null;
  }

  return {
    isEnglish(text) {
      return (
        LATIN_LETTER.test(text) &&
        !JAPANESE.test(text) &&
        /[a-z]{2,}\s+[a-z]{2,}|^[a-z]{2,}/i.test(text.trim())
      );
    },
    toJapanese(text) {
      const sentence = englishKey(text);
      const words = sentence
        .replace(/[^a-z0-9 -]/g, " ")
        .split(" ")
        .filter(Boolean);
      const found: string[] = [];
      const unmatched: string[] = [];
      for (let at = 0; at < words.length; ) {
        const hit = lookup(words, at);
        if (hit) {
          found.push(hit.plan[0] ?? "");
          at += hit.length;
        } else unmatched.push(words[at++] ?? "");
      }
      // Cues come from the words left over: "division" in a department's name asks nothing.
      const cues = unmatched.join(" ");
      const years = [...sentence.matchAll(YEAR)].map((m) => `${m[1]}年度`);
      const status = NOT_DONE.test(sentence) ? "未実施の" : DONE.test(sentence) ? "実施ありの" : "";
      if (found.length === 0) {
        const span = years.length > 1 ? `${years.join("から")}まで` : (years[0] ?? "");
        if (SHARE.test(sentence)) return `${span}${status || "実施ありの"}事業の割合は？`;
        if (COUNT.test(sentence)) return `${span}${status}事業はいくつ？`;
        if (PROJECTS.test(sentence)) return `${span}${status}事業の一覧`;
        if (OVERVIEW.test(sentence)) return "全体の進捗を教えて";
      }
      if (found.length === 0 && years.length === 0) return null;
      const topic = [...new Set(found.filter(Boolean))].join(" ");
      const when = years.length > 0 ? `${years.join("から")}${years.length > 1 ? "まで" : ""}の` : "";
      if (COUNT.test(cues)) return `${when}${topic}の事業はいくつ？`;
      if (DEPARTMENT.test(cues)) return `${when}${topic}の担当課は？`;
      if (WHEN.test(cues)) return `${when}${topic}はいつ？`;
      return `${when}${topic}は実施された？`;
    },
  };
}
