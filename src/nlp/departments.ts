// Department (担当課) names in a question, with aliases, partial forms and successions resolved.
import { normalizeText } from "./normalize.js";
import { planWordsOf } from "./plan-words.js";
import type { Vocabulary } from "./types.js";

export interface DepartmentMentions {
  /** Canonical names; a predecessor also brings its successor (秘書広報課 → + しろいの魅力発信課). */
  departments: string[];
  /** The text with the mentions blanked out. */
  rest: string;
}

const STEM_SUFFIX = /(?:課|室|館)$/;
/** A bare stem (都市計画) names a department only when the question is about what it does. */
const STEM_CUE = "(?=(?:が|の|は|で)?(?:担当|事業|所管|仕事|取り?組|やって|実施して|行って))";
const MIN_SUFFIX_LENGTH = 4;

interface NameForm {
  text: string;
  canonical: string;
  pattern: RegExp;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function nameForms(vocabulary: Vocabulary): NameForm[] {
  const canonicalOf = new Map<string, string>();
  const add = (name: string, canonical: string) => {
    const text = normalizeText(name);
    if (text.length >= 2 && !canonicalOf.has(text)) canonicalOf.set(text, canonical);
  };
  const canonicals = [...new Set([...vocabulary.departments, ...Object.keys(vocabulary.departmentAliases)])];
  for (const name of canonicals) add(name, name);
  for (const [name, aliases] of Object.entries(vocabulary.departmentAliases)) {
    for (const alias of aliases) add(alias, name);
  }
  // 魅力発信課 → しろいの魅力発信課: a tail of one 課 name only. Other names end in common words
  // (公民センター): their tails (センター) would match facilities that are no department.
  const tails = new Map<string, Set<string>>();
  for (const name of canonicals) {
    const text = normalizeText(name);
    if (!text.endsWith("課")) continue;
    for (let i = 1; text.length - i >= MIN_SUFFIX_LENGTH; i++) {
      const tail = text.slice(i);
      tails.set(tail, (tails.get(tail) ?? new Set()).add(name));
    }
  }
  for (const [tail, names] of tails) {
    const [only] = names;
    if (names.size === 1 && only) add(tail, only);
  }
  const forms: NameForm[] = [...canonicalOf].map(([text, canonical]) => ({
    text,
    canonical,
    pattern: new RegExp(escapeRegExp(text), "g"),
  }));
  const planWords = vocabulary.planReadings ? planWordsOf(vocabulary) : null;
  for (const name of canonicals) {
    const text = normalizeText(name);
    const stem = text.replace(STEM_SUFFIX, "");
    if (stem !== text && stem.length >= 2 && !canonicalOf.has(stem)) {
      // A stem the plan never writes otherwise (プラネタリウム) can only mean the department.
      const onlyTheDepartment =
        stem.length >= MIN_SUFFIX_LENGTH && planWords !== null && !planWords.has(stem);
      forms.push({
        text: stem,
        canonical: name,
        pattern: new RegExp(`${escapeRegExp(stem)}${onlyTheDepartment ? "" : STEM_CUE}`, "g"),
      });
    }
  }
  return forms.sort((a, b) => b.text.length - a.text.length);
}

export function createDepartmentDetector(vocabulary: Vocabulary): (text: string) => DepartmentMentions {
  const forms = nameForms(vocabulary);
  const successorsOf = new Map<string, string[]>();
  for (const succession of vocabulary.departmentSuccessions ?? []) {
    for (const predecessor of succession.predecessors) {
      successorsOf.set(predecessor, [...(successorsOf.get(predecessor) ?? []), succession.department]);
    }
  }
  return (text) => {
    let rest = text;
    const found: string[] = [];
    for (const form of forms) {
      if (!rest.includes(form.text)) continue;
      const replaced = rest.replace(form.pattern, " ");
      if (replaced === rest) continue;
      rest = replaced;
      for (const name of [form.canonical, ...(successorsOf.get(form.canonical) ?? [])]) {
        if (!found.includes(name)) found.push(name);
      }
    }
    return { departments: found, rest };
  };
}
