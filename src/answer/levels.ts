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

export interface LevelFinder {
  find(question: string, terms: readonly QueryTerm[]): PlanLevel | null;
  /** A measure or section of more than one project, by id. */
  byId(id: string): PlanLevel | null;
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

export function createLevelFinder(plan: Plan): LevelFinder {
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
  };
}
