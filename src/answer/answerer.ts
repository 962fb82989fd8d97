// Question → Answer: analyze, decide, search, compose. Every fact comes from the served edition's plan.

import type { IndexedEdition, SearchHit } from "../index/index.js";
import {
  boundQuestion,
  createEnglishTranslator,
  createQuestionAnalyzer,
  type EnglishTranslator,
  type JapaneseTokenizer,
  MAX_TOPICS,
  normalizeText,
  type QueryFilter,
  type QuestionAnalysis,
  type QuestionAnalyzer,
  splitTopics,
} from "../nlp/index.js";
import {
  countStatuses,
  fiscalYearsOf,
  formatFiscalYears,
  type ProjectInContext,
  planStatistics,
  projectsOf,
} from "../plan/index.js";
import { type AnswerCache, createAnswerCache } from "./answer-cache.js";
import { type CardSelection, planContact, projectCard, projectSummary, statusCounts } from "./cards.js";
import { exampleQuestions } from "./examples.js";
import { createLevelFinder, type LevelFinder, type PlanLevel } from "./levels.js";
import { coverage, type PreparedProject, prepareProject, relevantActions, termFound } from "./relevance.js";
import type {
  Answer,
  ExplainingAnswerer,
  Explanation,
  FollowUp,
  ProjectCard,
  ProjectSummary,
} from "./types.js";

export interface AnswererDeps {
  /** The edition served right now (a LiveEdition, or a fixed one in tests and the CLI). */
  live: { current(): IndexedEdition };
  tokenizer: JapaneseTokenizer;
  /** Answers remembered per edition, by question text; 0 turns the cache off. Default 1000. */
  cacheSize?: number;
}

export const PAGE_SIZE = 10;
/** Candidates shown after the best match score at least this share of its score. */
const CANDIDATE_RATIO = 0.4;
const MAX_CANDIDATES = 4;
/** Below this share of the question's words found in the best project, nothing matched. */
const MIN_COVERAGE = 0.5;
const SEARCH_LIMIT = MAX_CANDIDATES + 4;
/** A project with this many actions or fewer shows them all. */
const ALL_ACTIONS_UP_TO = 4;
const MAX_SHOWN_ACTIONS = 8;
const MAX_LIST_ACTIONS = 3;
/** Longer questions get no page follow-up: LINE postback data holds 300 characters. */
const MAX_FOLLOW_UP_QUESTION = 200;
/** A project covering this share of the whole question is one topic, whatever joins its words. */
const ONE_TOPIC_COVERAGE = 0.9;
const SEVERAL_ACTIONS = 2;

type CannedKind = "greeting" | "thanks" | "help" | "intro" | "non-text";

interface EditionContext {
  edition: IndexedEdition;
  analyzer: QuestionAnalyzer;
  projects: Map<string, PreparedProject>;
  examples: string[];
  contact: string;
  answers: AnswerCache;
  levels: LevelFinder;
  english: EnglishTranslator;
}

function createContext(
  edition: IndexedEdition,
  tokenizer: JapaneseTokenizer,
  cacheSize: number,
): EditionContext {
  const projects = new Map(
    projectsOf(edition.plan).map((entry) => [entry.project.id, prepareProject(entry)]),
  );
  return {
    edition,
    analyzer: createQuestionAnalyzer({ tokenizer, vocabulary: edition.vocabulary }),
    projects,
    examples: exampleQuestions(edition.plan),
    contact: planContact(edition.plan),
    answers: createAnswerCache(cacheSize),
    levels: createLevelFinder(edition.plan),
    english: createEnglishTranslator(edition.vocabulary),
  };
}

/** Western fiscal years the question names, through the parser's era arithmetic. */
function fiscalYearsMentioned(analysis: QuestionAnalysis): number[] {
  const years = new Set<number>();
  for (const mention of analysis.yearMentions)
    for (const year of fiscalYearsOf(mention) ?? []) years.add(year);
  return [...years].sort((a, b) => a - b);
}

function filterOf(analysis: QuestionAnalysis): QueryFilter {
  const years = fiscalYearsMentioned(analysis);
  return years.length > 0 ? { ...analysis.filter, fiscalYears: years } : { ...analysis.filter };
}

function hasFilter(filter: QueryFilter): boolean {
  return Boolean(filter.departments?.length || filter.statuses?.length || filter.fiscalYears?.length);
}

/** 「都市計画課が担当する平成28年度（2016年度）に取組のある未実施の事業」: what a filter selects. */
function subjectOf(filter: QueryFilter, analysis: QuestionAnalysis): string {
  let subject = "";
  if (filter.departments?.length) subject += `${filter.departments.join("・")}が担当する`;
  if (filter.fiscalYears?.length) {
    const western = formatFiscalYears(filter.fiscalYears);
    const written = analysis.yearMentions.filter((m) => !/^\d/.test(m)).join("・");
    subject += `${written ? `${written}（${western}）` : western}に取組のある`;
  }
  if (filter.statuses?.length) subject += `${filter.statuses.join("・")}の`;
  return `${subject}事業`;
}

function pageFollowUp(question: string, offset: number): FollowUp | null {
  return question.length <= MAX_FOLLOW_UP_QUESTION ? { kind: "page", question, offset } : null;
}

function cardSelection(
  prepared: PreparedProject,
  analysis: QuestionAnalysis,
  hit: SearchHit | undefined,
  years: readonly number[],
  departments: readonly string[] = [],
): CardSelection {
  const actions = prepared.entry.project.actions;
  let matched = relevantActions(analysis.terms, prepared) ?? hit?.matchedActions ?? [];
  if (years.length > 0) {
    const inYears = matched.filter((i) => actions[i]?.fiscalYears.some((y) => years.includes(y)));
    if (inYears.length > 0) matched = inYears;
  }
  // 「社会福祉課のアンケートは？」: that department's actions, even when others match the words too.
  if (departments.length > 0) {
    const byDepartment = actions.flatMap((action, i) =>
      action.departments.some((d) => departments.includes(d)) ? [i] : [],
    );
    const both = matched.filter((i) => byDepartment.includes(i));
    if (both.length > 0) matched = both;
    else if (byDepartment.length > 0) matched = byDepartment;
  }
  const all = actions.map((_, i) => i);
  if (actions.length <= ALL_ACTIONS_UP_TO) {
    return { actions: [...matched, ...all.filter((i) => !matched.includes(i))], matched: matched.length };
  }
  if (matched.length > 0) {
    const shown = matched.slice(0, MAX_SHOWN_ACTIONS);
    return { actions: shown, matched: shown.length };
  }
  return { actions: all.slice(0, MAX_SHOWN_ACTIONS), matched: 0 };
}

export function createAnswerer({ live, tokenizer, cacheSize = 1000 }: AnswererDeps): ExplainingAnswerer {
  const contexts = new WeakMap<IndexedEdition, EditionContext>();

  function contextOf(edition: IndexedEdition): EditionContext {
    let context = contexts.get(edition);
    if (!context) {
      context = createContext(edition, tokenizer, cacheSize);
      contexts.set(edition, context);
    }
    return context;
  }

  const editionOf = (context: EditionContext) => context.edition.plan.edition;

  function canned(context: EditionContext, kind: CannedKind): Answer {
    return { kind, edition: editionOf(context), examples: context.examples, contact: context.contact };
  }

  function noMatch(context: EditionContext, analysis?: QuestionAnalysis): Answer {
    const answer: Answer = {
      kind: "no-match",
      edition: editionOf(context),
      examples: context.examples,
      contact: context.contact,
    };
    if (!analysis) return answer;
    const projects = [...context.projects.values()];
    const unmatched = analysis.terms
      .filter((term) => !projects.some((p) => termFound(term, p.all)))
      .map((term) => term.surface);
    return { ...answer, match: { strength: 0, unmatched } };
  }

  function overview(context: EditionContext): Answer {
    const statistics = planStatistics(context.edition.plan);
    return {
      kind: "overview",
      edition: editionOf(context),
      counts: statusCounts(statistics.statuses),
      pillars: statistics.perPillar.map((pillar) => ({
        no: pillar.no,
        title: pillar.title,
        counts: statusCounts(pillar.statuses),
      })),
    };
  }

  function entryOf(context: EditionContext, id: string): ProjectInContext | null {
    return context.projects.get(id)?.entry ?? null;
  }

  /** Whether the question's words really are in the hit's project, not just a stray one of them. */
  function covers(context: EditionContext, analysis: QuestionAnalysis, hit: SearchHit | undefined): boolean {
    const prepared = hit ? context.projects.get(hit.id) : undefined;
    return prepared !== undefined && coverage(analysis.terms, prepared.all) >= MIN_COVERAGE;
  }

  /** Hits the question's words really cover, best first. */
  function coveredHits(context: EditionContext, analysis: QuestionAnalysis, hits: SearchHit[]): SearchHit[] {
    return hits.filter((hit) => covers(context, analysis, hit));
  }

  async function count(
    context: EditionContext,
    analysis: QuestionAnalysis,
    question: string,
  ): Promise<Answer> {
    const filter = filterOf(analysis);
    const { statuses, ...scope } = filter;
    const hits = await context.edition.backend.search({ terms: [], filter: scope });
    const entries = hits.flatMap((hit) => entryOf(context, hit.id) ?? []);
    const counts = statusCounts(countStatuses(entries));
    const counted = statuses?.length
      ? statuses.reduce((sum, status) => sum + counts[status], 0)
      : counts.total;
    const subject = subjectOf(filter, analysis);
    return {
      kind: "count",
      edition: editionOf(context),
      heading: hasFilter(filter) ? `${subject}は${counted}件です` : `事業は全部で${counted}件です`,
      count: counted,
      status: statuses?.length === 1 ? (statuses[0] ?? null) : null,
      counts,
      list: counted > 0 ? pageFollowUp(question, 0) : null,
    };
  }

  async function list(
    context: EditionContext,
    analysis: QuestionAnalysis,
    question: string,
    offset: number,
  ): Promise<Answer> {
    const filter = filterOf(analysis);
    const searched = await context.edition.backend.search({
      terms: analysis.terms,
      filter,
      limit: analysis.terms.length > 0 ? context.projects.size : undefined,
    });
    const hits = analysis.terms.length > 0 ? coveredHits(context, analysis, searched) : searched;
    if (hits.length === 0 && analysis.terms.length > 0) return noMatch(context, analysis);
    const start = Math.min(Math.max(0, offset), Math.max(0, hits.length - 1));
    const page = hits.slice(start, start + PAGE_SIZE);
    // A year or department list says what was done then, or by that department (also one named only in 【】).
    const showActions = Boolean(filter.fiscalYears?.length || filter.departments?.length);
    const items: ProjectSummary[] = page.flatMap((hit) => {
      const entry = entryOf(context, hit.id);
      return entry
        ? [projectSummary(entry, showActions ? hit.matchedActions.slice(0, MAX_LIST_ACTIONS) : [])]
        : [];
    });
    const nextOffset = start + PAGE_SIZE;
    return {
      kind: "list",
      edition: editionOf(context),
      // An empty list names no status: a reply matching nothing carries no label.
      heading: `${subjectOf(hits.length > 0 ? filter : { ...filter, statuses: undefined }, analysis)}（${hits.length}件）`,
      items,
      total: hits.length,
      offset: start,
      next: nextOffset < hits.length ? pageFollowUp(question, nextOffset) : null,
    };
  }

  async function project(context: EditionContext, analysis: QuestionAnalysis): Promise<Answer> {
    const filter = filterOf(analysis);
    const { backend } = context.edition;
    let hits = await backend.search({ terms: analysis.terms, filter, limit: SEARCH_LIMIT });
    // A department or year the project does not carry should not hide it: the answer shows its own.
    if (!covers(context, analysis, hits[0]) && (filter.departments?.length || filter.fiscalYears?.length)) {
      hits = await backend.search({
        terms: analysis.terms,
        filter: { statuses: filter.statuses },
        limit: SEARCH_LIMIT,
      });
    }
    const best = hits[0];
    const prepared = best ? context.projects.get(best.id) : undefined;
    if (!best || !prepared || !covers(context, analysis, best)) return noMatch(context, analysis);

    const years = filter.fiscalYears ?? [];
    const siblingId = prepared.entry.project.siblingId;
    const sibling = siblingId ? context.projects.get(siblingId) : undefined;
    const candidates = coveredHits(context, analysis, hits.slice(1))
      .filter((hit) => hit.score >= best.score * CANDIDATE_RATIO)
      .slice(0, MAX_CANDIDATES)
      .flatMap((hit) => entryOf(context, hit.id) ?? [])
      .map((entry) => projectSummary(entry));
    return {
      kind: "project",
      intent: analysis.intent,
      edition: editionOf(context),
      match: {
        strength: coverage(analysis.terms, prepared.all),
        unmatched: analysis.terms.filter((t) => !termFound(t, prepared.all)).map((t) => t.surface),
      },
      best: projectCard(
        prepared.entry,
        cardSelection(prepared, analysis, best, years, filter.departments),
        sibling
          ? {
              entry: sibling.entry,
              actions: cardSelection(
                sibling,
                analysis,
                hits.find((h) => h.id === sibling.entry.project.id),
                years,
              ).actions,
            }
          : null,
      ),
      candidates,
    };
  }

  function level(context: EditionContext, found: PlanLevel): Answer {
    return {
      kind: "level",
      edition: editionOf(context),
      level: found.kind,
      title: found.title,
      parentTitle: found.parentTitle,
      items: found.projects.map((entry) => projectSummary(entry)),
      counts: statusCounts(countStatuses(found.projects)),
    };
  }

  /** 「AとB、それぞれ」: each part's own best project, when two or three distinct ones answer. */
  async function several(context: EditionContext, analysis: QuestionAnalysis): Promise<Answer | null> {
    // The joining 、 is punctuation, which the normalized question has dropped.
    const parts = splitTopics(tokenizer, normalizeText(analysis.original));
    if (parts.length < 2) return null;
    const { backend } = context.edition;
    const [whole] = await backend.search({ terms: analysis.terms, limit: 1 });
    const wholePrepared = whole ? context.projects.get(whole.id) : undefined;
    if (wholePrepared && coverage(analysis.terms, wholePrepared.all) >= ONE_TOPIC_COVERAGE) return null;
    const cards: ProjectCard[] = [];
    for (const part of parts) {
      const topic = context.analyzer.analyze(part);
      if (topic.terms.length === 0 || topic.intent === "out-of-scope") continue;
      const [best] = await backend.search({ terms: topic.terms, limit: 1 });
      const prepared = best ? context.projects.get(best.id) : undefined;
      if (!best || !prepared || !covers(context, topic, best)) return null;
      if (cards.some((card) => card.id === best.id)) continue;
      const selection = cardSelection(prepared, topic, best, []);
      cards.push(
        projectCard(
          prepared.entry,
          { ...selection, actions: selection.actions.slice(0, SEVERAL_ACTIONS) },
          null,
        ),
      );
    }
    if (cards.length < 2 || cards.length > MAX_TOPICS) return null;
    return { kind: "several", intent: analysis.intent, edition: editionOf(context), items: cards };
  }

  function detail(context: EditionContext, id: string): Answer {
    const prepared = context.projects.get(id);
    if (!prepared) return noMatch(context);
    const everything = (p: PreparedProject): CardSelection => ({
      actions: p.entry.project.actions.map((_, i) => i),
      matched: 0,
    });
    const siblingId = prepared.entry.project.siblingId;
    const sibling = siblingId ? context.projects.get(siblingId) : undefined;
    return {
      kind: "project",
      intent: "about",
      edition: editionOf(context),
      best: projectCard(
        prepared.entry,
        everything(prepared),
        sibling ? { entry: sibling.entry, actions: everything(sibling).actions } : null,
      ),
      candidates: [],
    };
  }

  async function answerIn(context: EditionContext, question: string): Promise<Answer> {
    const analysis = context.analyzer.analyze(question);
    switch (analysis.intent) {
      case "greeting":
      case "thanks":
      case "help":
        return canned(context, analysis.intent);
      case "overview":
        return overview(context);
      case "out-of-scope":
        return noMatch(context, analysis);
      case "count":
        if (analysis.terms.length > 0 && !hasFilter(filterOf(analysis))) return project(context, analysis);
        if (analysis.terms.length > 0) return list(context, analysis, question, 0);
        return count(context, analysis, question);
      case "status-list":
      case "list":
        return list(context, analysis, question, 0);
      default: {
        if (analysis.terms.length === 0) {
          return hasFilter(filterOf(analysis))
            ? list(context, analysis, question, 0)
            : noMatch(context, analysis);
        }
        const named = hasFilter(filterOf(analysis)) ? null : context.levels.find(question, analysis.terms);
        if (named) return level(context, named);
        return (await several(context, analysis)) ?? project(context, analysis);
      }
    }
  }

  /** An English question is answered as its Japanese rewording, then framed in English. */
  async function answerAny(context: EditionContext, question: string): Promise<Answer> {
    if (!context.english.isEnglish(question)) return answerIn(context, question);
    const greeting = context.analyzer.analyze(question);
    if (greeting.intent === "greeting" || greeting.intent === "thanks" || greeting.intent === "help")
      return { kind: "english", answer: canned(context, greeting.intent) };
    const japanese = context.english.toJapanese(question);
    return {
      kind: "english",
      answer: japanese ? await answerIn(context, japanese) : noMatch(context, greeting),
    };
  }

  return {
    async answer(question) {
      const context = contextOf(live.current());
      // The answer is about the first MAX_QUESTION_LENGTH characters; the citizen is told of the rest.
      const { text: key, ignored } = boundQuestion(question);
      let answer = context.answers.get(key);
      if (!answer) {
        answer = await answerAny(context, key);
        context.answers.set(key, answer);
      }
      return ignored > 0 ? { ...answer, ignoredCharacters: ignored } : answer;
    },
    async explain(question) {
      const context = contextOf(live.current());
      const key = question.trim();
      const translated = context.english.isEnglish(key) ? context.english.toJapanese(key) : null;
      const analysis = context.analyzer.analyze(translated ?? key);
      const filter = filterOf(analysis);
      // Without words the search would list every project the filter selects: nothing to rank.
      const hits =
        analysis.terms.length > 0
          ? await context.edition.backend.search({ terms: analysis.terms, filter, limit: SEARCH_LIMIT })
          : [];
      const candidates: Explanation["candidates"] = hits.flatMap((hit) => {
        const prepared = context.projects.get(hit.id);
        if (!prepared) return [];
        const share = coverage(analysis.terms, prepared.all);
        const { project } = prepared.entry;
        return [
          {
            id: hit.id,
            title: project.title,
            status: project.status,
            score: hit.score,
            coverage: share,
            covered: share >= MIN_COVERAGE,
          },
        ];
      });
      return { answer: await answerAny(context, key), translated, analysis, filter, candidates };
    },
    async followUp(request) {
      const context = contextOf(live.current());
      if (request.kind === "detail") return detail(context, request.id);
      const analysis = context.analyzer.analyze(request.question);
      return list(context, analysis, request.question, request.offset);
    },
    canned(kind) {
      return canned(contextOf(live.current()), kind);
    },
  };
}
