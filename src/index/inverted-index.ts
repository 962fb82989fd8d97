// In-memory inverted index over the documents' token fields, BM25 per field with field weights.
import { characterBigrams, normalizeForSearch, type QueryTerm } from "../nlp/index.js";
import { type SearchDocument, TOKEN_FIELDS, type TokenField } from "./documents.js";

/** One searchable text: a document's field, or one of its actions. */
interface Unit {
  doc: number;
  field: TokenField;
  /** Index of the action for actionTokens, -1 otherwise. */
  action: number;
  length: number;
  text: string;
}

interface Posting {
  unit: number;
  tf: number;
}

export interface DocumentMatch {
  doc: number;
  score: number;
  /** Action indexes whose own text matched, best first. */
  actions: number[];
}

const K1 = 1.2;
const B = 0.75;
/** A form found only inside a longer word (景観写真展 in 景観写真展の開催) counts less than a whole word. */
const SUBSTRING_FACTOR = 0.7;
/** Character bigrams of an unknown word (katakana variants): counts less again, and needs most bigrams. */
const BIGRAM_FACTOR = 0.4;
const MIN_BIGRAM_COVERAGE = 0.6;

/** A synonym (補助金 for 補助) is evidence, but less than the citizen's own word. */
const SYNONYM_FACTOR = 0.6;
/** A term found in several fields counts mostly once: the best field, then a little for the others. */
const OTHER_FIELDS_FACTOR = 0.3;

const FIELD_WEIGHT = new Map(TOKEN_FIELDS.map(({ field, weight }) => [field, weight]));

export interface InvertedIndex {
  /** Documents (by position) matching the terms, with their score; no ordering. */
  match(terms: readonly QueryTerm[], candidates: readonly number[]): DocumentMatch[];
}

export function createInvertedIndex(documents: readonly SearchDocument[]): InvertedIndex {
  const units: Unit[] = [];
  const postings = new Map<string, Posting[]>();
  const lengthSum = new Map<TokenField, { total: number; count: number }>();

  const addUnit = (doc: number, field: TokenField, action: number, tokenText: string, text: string) => {
    const tokens = tokenText.split(" ").filter(Boolean);
    const id = units.length;
    units.push({ doc, field, action, length: tokens.length, text: normalizeForSearch(text) });
    const sum = lengthSum.get(field) ?? { total: 0, count: 0 };
    sum.total += tokens.length;
    sum.count += 1;
    lengthSum.set(field, sum);
    const tf = new Map<string, number>();
    for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
    for (const [token, count] of tf) {
      const list = postings.get(token) ?? [];
      list.push({ unit: id, tf: count });
      postings.set(token, list);
    }
  };
  documents.forEach((d, doc) => {
    addUnit(doc, "titleTokens", -1, d.titleTokens, d.title);
    d.actionTokens.forEach((tokens, action) => {
      addUnit(doc, "actionTokens", action, tokens, d.actions[action] ?? "");
    });
    addUnit(doc, "measureTitleTokens", -1, d.measureTitleTokens, d.measureTitle);
    addUnit(doc, "hierarchyTokens", -1, d.hierarchyTokens, `${d.pillarTitle} ${d.sectionTitle}`);
    addUnit(doc, "measureDescriptionTokens", -1, d.measureDescriptionTokens, d.measureDescription);
  });
  const averageLength = new Map([...lengthSum].map(([field, s]) => [field, s.total / Math.max(1, s.count)]));
  const unitBigrams = new Map<number, Set<string>>();
  const bigramsOf = (unit: number, text: string) => {
    let set = unitBigrams.get(unit);
    if (!set) {
      set = characterBigrams(text);
      unitBigrams.set(unit, set);
    }
    return set;
  };

  const idf = (docFrequency: number) =>
    Math.log(1 + (documents.length - docFrequency + 0.5) / (docFrequency + 0.5));

  const bm25 = (unit: Unit, tf: number) => {
    const avg = averageLength.get(unit.field) ?? 1;
    const norm = tf * (K1 + 1);
    return norm / (tf + K1 * (1 - B + (B * unit.length) / avg));
  };

  /** Postings of a form: exact tokens, else occurrences inside texts, else bigram likeness. */
  function lookup(form: string): { postings: Posting[]; factor: number } {
    const exact = postings.get(form);
    if (exact) return { postings: exact, factor: 1 };
    if (form.length < 2) return { postings: [], factor: 0 };
    const inside: Posting[] = [];
    units.forEach((unit, id) => {
      const count = unit.text.split(form).length - 1;
      if (count > 0) inside.push({ unit: id, tf: count });
    });
    if (inside.length > 0) return { postings: inside, factor: SUBSTRING_FACTOR };
    const wanted = characterBigrams(form);
    if (form.length < 3 || wanted.size < 2) return { postings: [], factor: 0 };
    const similar: Posting[] = [];
    units.forEach((unit, id) => {
      const have = bigramsOf(id, unit.text);
      let hits = 0;
      for (const pair of wanted) if (have.has(pair)) hits++;
      const coverage = hits / wanted.size;
      if (coverage >= MIN_BIGRAM_COVERAGE) similar.push({ unit: id, tf: coverage });
    });
    return { postings: similar, factor: BIGRAM_FACTOR };
  }

  const lookups = new Map<string, { postings: Posting[]; factor: number; idf: number }>();
  function cachedLookup(form: string) {
    let found = lookups.get(form);
    if (!found) {
      const { postings: list, factor } = lookup(form);
      const docs = new Set(list.map((p) => (units[p.unit] as Unit).doc));
      found = { postings: list, factor, idf: idf(docs.size) };
      if (lookups.size < 10_000) lookups.set(form, found);
    }
    return found;
  }

  return {
    match(terms, candidates) {
      const allowed = new Set(candidates);
      const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0);
      const docScore = new Map<number, number>();
      const docMatchedWeight = new Map<number, number>();
      const actionScore = new Map<number, Map<number, number>>();

      for (const term of terms) {
        // Best form per unit: synonyms and readings of one word never add up.
        const unitScore = new Map<number, number>();
        for (const [i, form] of term.forms.entries()) {
          const found = cachedLookup(form);
          const synonym = i >= (term.ownForms ?? term.forms.length) ? SYNONYM_FACTOR : 1;
          for (const posting of found.postings) {
            const unit = units[posting.unit] as Unit;
            if (!allowed.has(unit.doc)) continue;
            const field = FIELD_WEIGHT.get(unit.field) ?? 1;
            const score = found.idf * found.factor * synonym * bm25(unit, posting.tf) * field;
            if (score > (unitScore.get(posting.unit) ?? 0)) unitScore.set(posting.unit, score);
          }
        }
        // Per document: best action plus each other field once.
        const perDoc = new Map<number, Map<TokenField, number>>();
        for (const [id, score] of unitScore) {
          const unit = units[id] as Unit;
          const fields = perDoc.get(unit.doc) ?? new Map<TokenField, number>();
          fields.set(unit.field, Math.max(fields.get(unit.field) ?? 0, score));
          perDoc.set(unit.doc, fields);
          if (unit.action >= 0) {
            const actions = actionScore.get(unit.doc) ?? new Map<number, number>();
            actions.set(unit.action, (actions.get(unit.action) ?? 0) + score * term.weight);
            actionScore.set(unit.doc, actions);
          }
        }
        for (const [doc, fields] of perDoc) {
          const scores = [...fields.values()];
          const best = Math.max(...scores);
          const sum = best + OTHER_FIELDS_FACTOR * (scores.reduce((a, b) => a + b, 0) - best);
          docScore.set(doc, (docScore.get(doc) ?? 0) + sum * term.weight);
          docMatchedWeight.set(doc, (docMatchedWeight.get(doc) ?? 0) + term.weight);
        }
      }

      return [...docScore].map(([doc, score]) => {
        const coverage = totalWeight > 0 ? (docMatchedWeight.get(doc) ?? 0) / totalWeight : 0;
        const actions = [...(actionScore.get(doc) ?? new Map<number, number>())]
          .sort((a, b) => b[1] - a[1] || a[0] - b[0])
          .map(([action]) => action);
        return { doc, score: score * coverage, actions };
      });
    },
  };
}
