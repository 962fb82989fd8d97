// 施策 and section questions: a question that names a measure or a section more than any of its
// projects is answered with that level as a whole.
import { characterBigrams, normalizeForSearch, type QueryTerm } from "../nlp/index.js";
import type { Plan, ProjectInContext } from "../plan/index.js";
import { coverage, type MatchableText, matchable } from "./relevance.js";

export type LevelKind = "施策" | "分野";

export interface PlanLevel {
  kind: LevelKind;
  id: string;
  title: string;
  /** The section a measure belongs to, the 基本方針 a section belongs to. */
  parentTitle: string;
  projects: ProjectInContext[];
}

interface PreparedLevel {
  level: PlanLevel;
  bigrams: Set<string>;
  text: MatchableText;
}

/** Share of the level title's character pairs the question carries. */
const NAMED_SHARE = 0.6;
/** With a cue that the whole is meant (施策, 全体, 全部…), a looser naming is enough. */
const NAMED_SHARE_WITH_CUE = 0.5;
/** The level must be named this much more than its best-named project. */
const MARGIN = 0.15;
/** Most of the question's words must be in the level's title. */
const MIN_TERM_COVERAGE = 0.6;
const WHOLE_CUE = /施策|分野|全体|全部|すべて|全て|取り?組み?(?:は|を|の|全)|どこまで|進み具合|進捗/;

/** A part of the plan a filter can apply within: a 基本方針, a section (分野) or a 施策. */
export interface PlanScope {
  kind: LevelKind | "基本方針";
  /** The id prefix of its projects: "3", "2-4", "1-1-1". */
  id: string;
  title: string;
}

/** A scope's title must carry this share of its character pairs in the question… */
const SCOPE_NAMED_SHARE = 0.5;
/** …or this much with a cue that a part of the plan is meant (「〜の分野で」「〜のところで」). */
const SCOPE_NAMED_SHARE_WITH_CUE = 0.3;
const SCOPE_CUE = /分野|基本方針|方針|ところ|の中|のうち|関係|施策/;
/** The words of those cues: they say where to look, not what the part of the plan is called. */
const SCOPE_WORDS = new Set(["分野", "基本方針", "方針", "ところ", "中", "うち", "関係", "施策"]);

export interface LevelFinder {
  find(question: string, terms: readonly QueryTerm[]): PlanLevel | null;
  /** A measure or section of more than one project, by id. */
  byId(id: string): PlanLevel | null;
  /**
   * The part of the plan a question with a filter or a count names as where to look
   * (「市民協働の分野で未実施はいくつ？」): every one of its words is in that part's title.
   */
  scope(question: string, terms: readonly QueryTerm[]): PlanScope | null;
  /** A scope by its id; null when this edition has none such. */
  scopeById(id: string): PlanScope | null;
}

function sharedShare(wanted: Set<string>, have: Set<string>): number {
  if (wanted.size === 0) return 0;
  let shared = 0;
  for (const pair of wanted) if (have.has(pair)) shared++;
  return shared / wanted.size;
}

export function levelsOf(plan: Plan): PlanLevel[] {
  const levels: PlanLevel[] = [];
  for (const pillar of plan.pillars)
    for (const section of pillar.sections) {
      const sectionProjects: ProjectInContext[] = [];
      for (const measure of section.measures) {
        const projects = measure.projects.map((project) => ({ project, measure, section, pillar }));
        sectionProjects.push(...projects);
        // A measure of one project is that project: the project answer says more.
        if (projects.length > 1)
          levels.push({
            kind: "施策",
            id: measure.id,
            title: measure.title,
            parentTitle: section.title,
            projects,
          });
      }
      if (sectionProjects.length > 1)
        levels.push({
          kind: "分野",
          id: section.id,
          title: section.title,
          parentTitle: pillar.title,
          projects: sectionProjects,
        });
    }
  return levels;
}

interface PreparedScope {
  scope: PlanScope;
  bigrams: Set<string>;
  text: MatchableText;
}

/** 基本方針, sections and measures of more than one project: a measure of one is that project. */
function scopesOf(plan: Plan): PlanScope[] {
  const pillars: PlanScope[] = plan.pillars.map((pillar) => ({
    kind: "基本方針",
    id: String(pillar.no),
    title: pillar.title,
  }));
  const levels: PlanScope[] = levelsOf(plan).map(({ kind, id, title }) => ({ kind, id, title }));
  return [...pillars, ...levels];
}

function createScopeFinder(plan: Plan): Pick<LevelFinder, "scope" | "scopeById"> {
  const scopes: PreparedScope[] = scopesOf(plan).map((scope) => ({
    scope,
    bigrams: characterBigrams(normalizeForSearch(scope.title)),
    text: matchable(scope.title),
  }));
  return {
    scope(question, allTerms) {
      const terms = allTerms.filter((term) => !SCOPE_WORDS.has(term.surface));
      if (terms.length === 0) return null;
      const asked = characterBigrams(normalizeForSearch(question));
      let best: { scope: PlanScope; share: number } | null = null;
      for (const prepared of scopes) {
        if (coverage(terms, prepared.text) < 1) continue;
        const share = sharedShare(prepared.bigrams, asked);
        if (!best || share > best.share) best = { scope: prepared.scope, share };
      }
      const needed = SCOPE_CUE.test(question) ? SCOPE_NAMED_SHARE_WITH_CUE : SCOPE_NAMED_SHARE;
      return best && best.share >= needed ? best.scope : null;
    },
    scopeById(id) {
      return scopes.find((prepared) => prepared.scope.id === id)?.scope ?? null;
    },
  };
}

export function createLevelFinder(plan: Plan): LevelFinder {
  const scopes = createScopeFinder(plan);
  const levels: PreparedLevel[] = levelsOf(plan).map((level) => ({
    level,
    bigrams: characterBigrams(normalizeForSearch(level.title)),
    text: matchable(level.title),
  }));
  const projectTitles = levels.length
    ? [...new Set(levels.flatMap((l) => l.level.projects.map((p) => p.project.title)))].map((title) =>
        characterBigrams(normalizeForSearch(title)),
      )
    : [];
  const byId = new Map(levels.map(({ level }) => [level.id, level]));
  return {
    byId: (id) => byId.get(id) ?? null,
    find(question, terms) {
      const asked = characterBigrams(normalizeForSearch(question));
      let best: { level: PreparedLevel; share: number } | null = null;
      for (const level of levels) {
        const share = sharedShare(level.bigrams, asked);
        if (!best || share > best.share) best = { level, share };
      }
      if (!best) return null;
      const needed = WHOLE_CUE.test(question) ? NAMED_SHARE_WITH_CUE : NAMED_SHARE;
      if (best.share < needed) return null;
      const projectShare = Math.max(0, ...projectTitles.map((title) => sharedShare(title, asked)));
      if (best.share < projectShare + MARGIN) return null;
      if (terms.length > 0 && coverage(terms, best.level.text) < MIN_TERM_COVERAGE) return null;
      return best.level.level;
    },
    ...scopes,
  };
}
