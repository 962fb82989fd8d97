// How much of a question a project's own text covers: decides no-match and which actions to show.
import { characterBigrams, isKatakana, normalizeForSearch, type QueryTerm } from "../nlp/index.js";
import type { ProjectInContext } from "../plan/index.js";

/** A katakana word written slightly differently (ボランテア) still counts when most bigrams agree. */
const KATAKANA_LIKENESS = 0.6;
const MIN_KATAKANA_LENGTH = 4;

export interface MatchableText {
  text: string;
  bigrams: Set<string>;
}

export function matchable(text: string): MatchableText {
  const normalized = normalizeForSearch(text);
  return { text: normalized, bigrams: characterBigrams(normalized) };
}

/** A term made ready to look for in many texts: its forms normalized once. */
export function termMatcher(term: QueryTerm): (target: MatchableText) => boolean {
  const wanted = term.forms.map((form) => normalizeForSearch(form)).filter((form) => form.length > 0);
  const katakana = wanted
    .filter((form) => isKatakana(form) && form.length >= MIN_KATAKANA_LENGTH)
    .map((form) => characterBigrams(form));
  return (target) => {
    if (wanted.some((form) => target.text.includes(form))) return true;
    return katakana.some((pairs) => {
      let shared = 0;
      for (const pair of pairs) if (target.bigrams.has(pair)) shared++;
      return pairs.size > 0 && shared / pairs.size >= KATAKANA_LIKENESS;
    });
  };
}

export function termFound(term: QueryTerm, target: MatchableText): boolean {
  return termMatcher(term)(target);
}

/** Share of the question's term weight found in the text, 0..1. */
export function coverage(terms: readonly QueryTerm[], target: MatchableText): number {
  const total = terms.reduce((sum, term) => sum + term.weight, 0);
  if (total === 0) return 0;
  const found = terms.reduce((sum, term) => sum + (termFound(term, target) ? term.weight : 0), 0);
  return found / total;
}

/** A project's texts, normalized once per edition. */
export interface PreparedProject {
  entry: ProjectInContext;
  /** Everything a citizen might refer to when naming the project. */
  all: MatchableText;
  title: MatchableText;
  actions: MatchableText[];
}

export function prepareProject(entry: ProjectInContext): PreparedProject {
  const { project, measure, section, pillar } = entry;
  const all = [
    project.title,
    measure.title,
    measure.description ?? "",
    section.title,
    pillar.title,
    ...project.actions.map((action) => action.text),
    ...project.departments,
  ].join("\n");
  return {
    entry,
    all: matchable(all),
    title: matchable(project.title),
    actions: project.actions.map((action) => matchable(action.text)),
  };
}

/** An action counts as relevant when it carries the question's words beyond those of the title. */
const RELEVANT_SHARE = 0.6;

/**
 * Actions the question is about, most relevant first. Terms the title already carries say nothing
 * about which action is meant, so they are left out; null when no action stands out that way.
 */
export function relevantActions(terms: readonly QueryTerm[], prepared: PreparedProject): number[] | null {
  const telling = terms.filter((term) => !termFound(term, prepared.title));
  if (telling.length === 0) return null;
  const scores = prepared.actions.map((text) =>
    telling.reduce((sum, term) => sum + (termFound(term, text) ? term.weight : 0), 0),
  );
  const best = Math.max(0, ...scores);
  if (best === 0) return null;
  return scores
    .map((score, index) => ({ score, index }))
    .filter(({ score }) => score >= best * RELEVANT_SHARE)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ index }) => index);
}
