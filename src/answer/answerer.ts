// Question → Answer: analyze, decide, search, compose. Every fact comes from the served edition's plan.

import type { IndexedEdition, SearchHit } from "../index/index.js";
import {
  createEnglishTranslator,
  createPhoneTyping,
  createQuestionAnalyzer,
  type EnglishTranslator,
  type Intent,
  type JapaneseTokenizer,
  MAX_TOPICS,
  normalizeText,
  type PhoneTyping,
  type QueryFilter,
  type QueryTerm,
  type QuestionAnalysis,
  type QuestionAnalyzer,
  readMessage,
  splitTopics,
} from "../nlp/index.js";
import {
  countStatuses,
  fiscalYearsOf,
  type ProjectInContext,
  planStatistics,
  projectsOf,
} from "../plan/index.js";
import { type AnswerCache, createAnswerCache } from "./answer-cache.js";
import {
  type CardContext,
  type CardSelection,
  planContact,
  projectCard,
  projectSummary,
  statusCounts,
} from "./cards.js";
import { projectChanges } from "./changes.js";
import { ALL_DEPARTMENTS, departmentNames } from "./departments.js";
import { exampleQuestions } from "./examples.js";
import { answerFollowUp, type FollowUpAnswers } from "./follow-up.js";
import { createLevelFinder, type LevelFinder, type PlanLevel } from "./levels.js";
import { boundedQuery, isWithin, PAGE_SIZE, shareOf, subjectOf } from "./list-query.js";
import {
  coverage,
  type PreparedProject,
  prepareProject,
  relevantActions,
  termFound,
  termMatcher,
} from "./relevance.js";
import type {
  Answer,
  DepartmentSummary,
  ExplainingAnswerer,
  Explanation,
  FollowUp,
  ListQuery,
  PreviousTopic,
  ProjectCard,
  ProjectSummary,
} from "./types.js";

export interface AnswererDeps {
  /** The edition served right now (a LiveEdition, or a fixed one in tests and the CLI). */
  live: { current(): IndexedEdition; reload?(): Promise<boolean> };
  tokenizer: JapaneseTokenizer;
  /** Answers remembered per edition, by question text; 0 turns the cache off. Default 1000. */
  cacheSize?: number;
}

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
/** 「すべて見る」 shows at most this many actions: the largest project of the seed has 13. */
const MAX_ALL_ACTIONS = 30;
/** A project covering this share of the whole question is one topic, whatever joins its words. */
const ONE_TOPIC_COVERAGE = 0.9;
const SEVERAL_ACTIONS = 2;
/** A status question that asks which projects, not whether one was done. */
const PICKS = /どれ|どの|分野|基本方針|ところ|の中/;
/** A count names the projects it counted when there are this many or fewer. */
const NAMED_UP_TO = 3;

/** Intents that answer a message in full without a topic: greetings, the whole plan. */
const COMPLETE_WITHOUT_TOPIC = new Set<Intent>(["greeting", "thanks", "help", "overview", "list"]);

/** 「いつ実施されましたか？」: a question naming no project, department or year of its own. */
function lacksTopic(analysis: QuestionAnalysis): boolean {
  const { departments, fiscalYears } = filterOf(analysis);
  return (
    analysis.terms.length === 0 &&
    !departments?.length &&
    !fiscalYears?.length &&
    !COMPLETE_WITHOUT_TOPIC.has(analysis.intent)
  );
}

type CannedKind = "greeting" | "thanks" | "help" | "intro" | "non-text" | "stale";

interface EditionContext extends CardContext {
  edition: IndexedEdition;
  analyzer: QuestionAnalyzer;
  projects: Map<string, PreparedProject>;
  examples: string[];
  contact: string;
  answers: AnswerCache;
  departments?: Promise<Answer>;
  levels: LevelFinder;
  english: EnglishTranslator;
  phoneTyping: PhoneTyping;
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
    marker: editionMarker(edition),
    shortNames: edition.shortNames,
    analyzer: createQuestionAnalyzer({ tokenizer, vocabulary: edition.vocabulary }),
    projects,
    examples: exampleQuestions(edition.plan),
    contact: planContact(edition.plan),
    answers: createAnswerCache(cacheSize),
    levels: createLevelFinder(edition.plan),
    english: createEnglishTranslator(edition.vocabulary),
    phoneTyping: createPhoneTyping(tokenizer, new Map(Object.entries(edition.vocabulary.planReadings ?? {}))),
  };
}

/** Marks follow-ups with the edition they were made from: ids and lists belong to one edition. */
export function editionMarker(edition: Pick<IndexedEdition, "info">): string {
  return edition.info.sha256.slice(0, 8);
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

  /** What the latest publish changed; no items when there is no edition before to compare with. */
  function changes(context: EditionContext): Answer {
    const { changes: known } = context.edition;
    return {
      kind: "changes",
      edition: editionOf(context),
      previousEdition: known ? (known.previous.edition ?? known.previous.source) : null,
      items: known ? projectChanges(context, known, context.edition.plan) : [],
    };
  }

  function entryOf(context: EditionContext, id: string): ProjectInContext | null {
    return context.projects.get(id)?.entry ?? null;
  }

  /** Whether the question's words really are in the hit's project, not just a stray one of them. */
  function covers(context: EditionContext, terms: readonly QueryTerm[], hit: SearchHit | undefined): boolean {
    const prepared = hit ? context.projects.get(hit.id) : undefined;
    return prepared !== undefined && coverage(terms, prepared.all) >= MIN_COVERAGE;
  }

  /** Hits the question's words really cover, best first. */
  function coveredHits(context: EditionContext, terms: readonly QueryTerm[], hits: SearchHit[]): SearchHit[] {
    return hits.filter((hit) => covers(context, terms, hit));
  }

  function page(context: EditionContext, query: ListQuery, offset: number): FollowUp {
    return { kind: "page", edition: context.marker, query, offset };
  }

  /** A list query's words as search terms, expanded with this edition's vocabulary. */
  function termsOf(context: EditionContext, query: ListQuery): QueryTerm[] {
    return query.words.length > 0 ? context.analyzer.analyze(query.words.join(" ")).terms : [];
  }

  /** The projects a scope and filter select, statuses aside: what a count is counted out of. */
  async function selected(context: EditionContext, query: ListQuery): Promise<ProjectInContext[]> {
    const { statuses: _counted, ...scope } = query.filter;
    const hits = await context.edition.backend.search({ terms: [], filter: scope });
    return hits.flatMap((hit) => (isWithin(hit.id, query.within) ? (entryOf(context, hit.id) ?? []) : []));
  }

  /** 「未実施の事業は22件です」, or with `share` 「事業59件のうち、実施ありは35件（59%）です」. */
  async function count(context: EditionContext, query: ListQuery, share: boolean): Promise<Answer> {
    const { filter } = query;
    const scope = query.within ? context.levels.scopeById(query.within) : null;
    const entries = await selected(context, query);
    const counts = statusCounts(countStatuses(entries));
    const statuses = filter.statuses ?? [];
    const countedEntries = statuses.length
      ? entries.filter((entry) => statuses.includes(entry.project.status))
      : entries;
    const counted = countedEntries.length;
    const whole = hasFilter(filter) || scope !== null;
    let heading = whole ? `${subjectOf(filter, scope)}は${counted}件です` : `事業は全部で${counted}件です`;
    if (share && statuses.length > 0) heading = shareOf(filter, scope, counts.total, counted);
    return {
      kind: "count",
      edition: editionOf(context),
      heading,
      count: counted,
      status: statuses.length === 1 ? (statuses[0] ?? null) : null,
      counts,
      list: counted > 0 ? page(context, query, 0) : null,
      items: counted <= NAMED_UP_TO ? countedEntries.map((entry) => projectSummary(context, entry)) : [],
    };
  }

  /** The projects a query selects, a page from `offset`. The first page and every follow-up alike. */
  async function list(context: EditionContext, query: ListQuery, offset: number): Promise<Answer> {
    const { filter } = query;
    const terms = termsOf(context, query);
    const searched = await context.edition.backend.search({
      terms,
      filter,
      limit: terms.length > 0 ? context.projects.size : undefined,
    });
    const inScope = searched.filter((hit) => isWithin(hit.id, query.within));
    const hits = terms.length > 0 ? coveredHits(context, terms, inScope) : inScope;
    if (hits.length === 0 && terms.length > 0) return noMatch(context);
    const scope = query.within ? context.levels.scopeById(query.within) : null;
    const start = Math.min(Math.max(0, offset), Math.max(0, hits.length - 1));
    const shown = hits.slice(start, start + PAGE_SIZE);
    // A year or department list says what was done then, or by that department (also one named only in 【】).
    const showActions = Boolean(filter.fiscalYears?.length || filter.departments?.length);
    const items: ProjectSummary[] = shown.flatMap((hit) => {
      const entry = entryOf(context, hit.id);
      const actions = showActions ? hit.matchedActions.slice(0, MAX_LIST_ACTIONS) : [];
      return entry ? [projectSummary(context, entry, actions)] : [];
    });
    const nextOffset = start + PAGE_SIZE;
    return {
      kind: "list",
      edition: editionOf(context),
      // An empty list names no status: a reply matching nothing carries no label.
      heading: `${subjectOf(hits.length > 0 ? filter : { ...filter, statuses: undefined }, scope)}（${hits.length}件）`,
      query,
      items,
      total: hits.length,
      offset: start,
      previous: start > 0 ? page(context, query, Math.max(0, start - PAGE_SIZE)) : null,
      next: nextOffset < hits.length ? page(context, query, nextOffset) : null,
    };
  }

  function listOf(context: EditionContext, analysis: QuestionAnalysis): Promise<Answer> {
    return list(context, boundedQuery(analysis.terms, filterOf(analysis)), 0);
  }

  /**
   * Hits whose project holds the question's head noun: 「ゴミの収集日は？」 is not about a project that
   * only mentions 情報収集. A question without a head noun of its own keeps every hit.
   */
  function headed(context: EditionContext, analysis: QuestionAnalysis, hits: SearchHit[]): SearchHit[] {
    if (!analysis.head) return hits;
    const holdsHead = termMatcher(analysis.head);
    return hits.filter((hit) => {
      const prepared = context.projects.get(hit.id);
      return prepared !== undefined && holdsHead(prepared.all);
    });
  }

  async function project(context: EditionContext, analysis: QuestionAnalysis): Promise<Answer> {
    const filter = filterOf(analysis);
    const { backend } = context.edition;
    const search = async (within: QueryFilter) =>
      headed(
        context,
        analysis,
        await backend.search({ terms: analysis.terms, filter: within, limit: SEARCH_LIMIT }),
      );
    let hits = await search(filter);
    // A department or year the project does not carry should not hide it: the answer shows its own.
    if (
      !covers(context, analysis.terms, hits[0]) &&
      (filter.departments?.length || filter.fiscalYears?.length)
    ) {
      hits = await search({ statuses: filter.statuses });
    }
    const best = hits[0];
    const prepared = best ? context.projects.get(best.id) : undefined;
    if (!best || !prepared || !covers(context, analysis.terms, best)) return noMatch(context, analysis);

    const years = filter.fiscalYears ?? [];
    const siblingId = prepared.entry.project.siblingId;
    const sibling = siblingId ? context.projects.get(siblingId) : undefined;
    const candidates = coveredHits(context, analysis.terms, hits.slice(1))
      .filter((hit) => hit.score >= best.score * CANDIDATE_RATIO)
      .slice(0, MAX_CANDIDATES)
      .flatMap((hit) => entryOf(context, hit.id) ?? [])
      .map((entry) => projectSummary(context, entry));
    return {
      kind: "project",
      intent: analysis.intent,
      edition: editionOf(context),
      match: {
        strength: coverage(analysis.terms, prepared.all),
        unmatched: analysis.terms.filter((t) => !termFound(t, prepared.all)).map((t) => t.surface),
      },
      best: projectCard(
        context,
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
      id: found.id,
      title: found.title,
      parentTitle: found.parentTitle,
      items: found.projects.map((entry) => projectSummary(context, entry)),
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
      if (!best || !prepared || !covers(context, topic.terms, best)) return null;
      if (cards.some((card) => card.id === best.id)) continue;
      const selection = cardSelection(prepared, topic, best, []);
      cards.push(
        projectCard(
          context,
          prepared.entry,
          { ...selection, actions: selection.actions.slice(0, SEVERAL_ACTIONS) },
          null,
        ),
      );
    }
    if (cards.length < 2 || cards.length > MAX_TOPICS) return null;
    return { kind: "several", intent: analysis.intent, edition: editionOf(context), items: cards };
  }

  /** Each department with the statuses of the projects its list shows (aliases included). */
  async function departments(context: EditionContext): Promise<Answer> {
    const summaries: DepartmentSummary[] = [];
    for (const name of departmentNames(context.edition.plan)) {
      const filter = { departments: [name] };
      const hits = await context.edition.backend.search({ terms: [], filter });
      const entries = hits.flatMap((hit) => entryOf(context, hit.id) ?? []);
      const counts = statusCounts(countStatuses(entries));
      summaries.push({ name, counts, list: page(context, boundedQuery([], filter), 0) });
    }
    return { kind: "departments", edition: editionOf(context), departments: summaries };
  }

  /** One project on its own: its first actions, or with `all` every one of them (bounded). */
  function detail(context: EditionContext, id: string, all: boolean): Answer {
    const prepared = context.projects.get(id);
    if (!prepared) return noMatch(context);
    const everything = (p: PreparedProject): CardSelection => {
      const indexes = p.entry.project.actions.map((_, i) => i);
      return { actions: indexes.slice(0, all ? MAX_ALL_ACTIONS : MAX_SHOWN_ACTIONS), matched: 0 };
    };
    const siblingId = prepared.entry.project.siblingId;
    const sibling = siblingId ? context.projects.get(siblingId) : undefined;
    return {
      kind: "project",
      intent: "about",
      edition: editionOf(context),
      best: projectCard(
        context,
        prepared.entry,
        everything(prepared),
        sibling ? { entry: sibling.entry, actions: everything(sibling).actions } : null,
      ),
      candidates: [],
    };
  }

  /**
   * 「市民協働の分野で未実施はいくつ？」「2013年度の市民協働の取り組みで実施ありのものは？」: a count,
   * share or status the question asks within a part of the plan it names with all of its words.
   */
  function scopedQuery(
    context: EditionContext,
    question: string,
    analysis: QuestionAnalysis,
  ): ListQuery | null {
    const filter = filterOf(analysis);
    const counting = analysis.intent === "count" || analysis.intent === "share";
    // 「〜は実施された？」 asks a project's status; 「〜で実施されていないのはどれ？」 picks from a part.
    const picks = analysis.statusWords.length > 0 && PICKS.test(question);
    if (!counting && !hasFilter(filter) && !picks) return null;
    const scope = context.levels.scope(question, analysis.terms);
    if (!scope) return null;
    const statuses = filter.statuses ?? analysis.statusWords;
    return boundedQuery([], statuses.length > 0 ? { ...filter, statuses } : filter, scope.id);
  }

  /** A share asks about what was done unless it names a status: 「何割くらい実施できたの？」. */
  function shareQuery(query: ListQuery): ListQuery {
    return query.filter.statuses?.length
      ? query
      : { ...query, filter: { ...query.filter, statuses: ["実施あり"] } };
  }

  async function answerIn(context: EditionContext, question: string): Promise<Answer> {
    const analysis = context.analyzer.analyze(question);
    const share = analysis.intent === "share";
    const scoped = scopedQuery(context, question, analysis);
    if (scoped) {
      if (share) return count(context, shareQuery(scoped), true);
      return analysis.intent === "count" ? count(context, scoped, false) : list(context, scoped, 0);
    }
    switch (analysis.intent) {
      case "greeting":
      case "thanks":
      case "help":
        return canned(context, analysis.intent);
      case "overview":
        return overview(context);
      case "changes":
        return changes(context);
      case "out-of-scope":
        return noMatch(context, analysis);
      case "count":
      case "share":
        if (analysis.terms.length > 0 && !hasFilter(filterOf(analysis))) return project(context, analysis);
        if (analysis.terms.length > 0) return listOf(context, analysis);
        return share
          ? count(context, shareQuery(boundedQuery([], filterOf(analysis))), true)
          : count(context, boundedQuery([], filterOf(analysis)), false);
      case "status-list":
      case "list":
        return listOf(context, analysis);
      default: {
        if (analysis.terms.length === 0) {
          return hasFilter(filterOf(analysis)) ? listOf(context, analysis) : noMatch(context, analysis);
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

  /** Two or three projects by id, each with its first actions. */
  function severalOf(context: EditionContext, ids: readonly string[]): Answer {
    const items = ids.flatMap((id) => {
      const prepared = context.projects.get(id);
      if (!prepared) return [];
      const actions = prepared.entry.project.actions.map((_, i) => i).slice(0, SEVERAL_ACTIONS);
      return [projectCard(context, prepared.entry, { actions, matched: 0 }, null)];
    });
    return { kind: "several", intent: "about", edition: editionOf(context), items };
  }

  function followUpAnswers(context: EditionContext): FollowUpAnswers {
    const known = new Set(departmentNames(context.edition.plan));
    return {
      detail: (id, all) => detail(context, id, all),
      several: (ids) => severalOf(context, ids),
      list: (query, offset) => list(context, query, offset),
      level: (id) => {
        const found = context.levels.byId(id);
        return found ? level(context, found) : null;
      },
      departmentsOf: (id) =>
        boundedQuery([], {
          departments: (entryOf(context, id)?.project.departments ?? []).filter(
            (name) => name !== ALL_DEPARTMENTS && known.has(name),
          ),
        }).filter.departments ?? [],
    };
  }

  /**
   * What a follow-up message names of its own, outside the words that ask the operation: a plan
   * word, a department or the whole plan (「空き店舗の担当は？」「都市計画課のは？」), or a word the
   * plan has nowhere (「ゴミの収集日はいつ？」: a topic the plan does not cover, never the previous one).
   */
  function ownTopicOf(
    context: EditionContext,
    analysis: QuestionAnalysis,
    cue: string,
  ): "none" | "in-plan" | "outside-plan" {
    if (analysis.intent === "overview" || analysis.filter.departments?.length) return "in-plan";
    const asks = normalizeText(cue);
    const projects = [...context.projects.values()];
    const own = analysis.terms.filter(
      (term) =>
        term.weight >= 1 &&
        !term.forms.slice(0, term.ownForms ?? term.forms.length).some((form) => asks.includes(form)),
    );
    if (own.some((term) => !projects.some((p) => termFound(term, p.all)))) return "outside-plan";
    return own.length > 0 ? "in-plan" : "none";
  }

  /**
   * A follow-up answered about the previous topic, or the message's answer on its own when it has a
   * topic of its own that finds something; null when the previous topic cannot answer it.
   */
  async function followUpIn(
    context: EditionContext,
    question: string,
    { topic, operation, cue }: PreviousTopic,
  ): Promise<Answer | null> {
    // Ids and queries belong to the edition they were made from.
    if (topic.edition !== context.marker) return null;
    const english = context.english.isEnglish(question);
    const japanese = english ? context.english.toJapanese(question) : question;
    const analysis = japanese ? context.analyzer.analyze(japanese) : null;
    // A topic of its own wins, when it finds anything: a stray plan word (「それはいつ頃の話？」) does
    // not. One the plan lacks is answered alone, which says the plan does not cover it.
    const own = analysis ? ownTopicOf(context, analysis, cue) : "none";
    if (own !== "none") {
      const alone = await answerAlone(context, question);
      const found = alone.kind === "english" ? alone.answer : alone;
      if (own === "outside-plan" || found.kind !== "no-match") return alone;
    }
    const narrowing = {
      statuses: analysis?.filter.statuses ?? [],
      fiscalYears: analysis ? fiscalYearsMentioned(analysis) : [],
    };
    const found = await answerFollowUp(topic, operation, narrowing, followUpAnswers(context));
    if (!found) return null;
    const framed: Answer =
      english || operation === "english" || topic.language === "en"
        ? { kind: "english", answer: found }
        : found;
    return { ...framed, followUpOf: { label: topic.label } };
  }

  /** The answer to a message on its own, remembered per edition. */
  async function answerAlone(context: EditionContext, key: string): Promise<Answer> {
    let fresh = context.answers.get(key);
    if (!fresh) {
      fresh = await answerAny(context, key);
      context.answers.set(key, fresh);
    }
    return fresh;
  }

  /**
   * The text a message is answered by: its asking sentence, after the sentence before it when the
   * question names nothing of its own (「防災訓練について知りたいです。いつですか？」).
   */
  function questionOf(context: EditionContext, message: string): { text: string; unread: number } {
    const read = readMessage(message);
    const question = context.phoneTyping.written(read.question);
    if (read.context === null || !lacksTopic(context.analyzer.analyze(question)))
      return { text: question, unread: read.unread };
    const before = context.phoneTyping.written(read.context);
    // Only a sentence about something the plan has (not 「白井市に住んで十年です」) lends its topic.
    const { head } = context.analyzer.analyze(before);
    const holdsHead = head ? termMatcher(head) : null;
    const lends = holdsHead !== null && [...context.projects.values()].some((p) => holdsHead(p.all));
    return { text: lends ? `${before}。${question}` : question, unread: read.unread };
  }

  async function answer(message: string, previous?: PreviousTopic): Promise<Answer> {
    const context = contextOf(live.current());
    // The asking sentence is answered; the citizen is told when part of it was not read.
    const { text: key, unread } = questionOf(context, message);
    // A follow-up depends on the chat's previous answer: never cached.
    const followUp = previous ? await followUpIn(context, key, previous) : null;
    const fresh = followUp ?? (await answerAlone(context, key));
    return unread > 0 ? { ...fresh, ignoredCharacters: unread } : fresh;
  }

  return {
    answer,
    async explain(question) {
      const context = contextOf(live.current());
      const { text: key } = questionOf(context, question);
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
      let context = contextOf(live.current());
      switch (request.kind) {
        case "ask":
          return answer(request.question);
        case "departments":
          context.departments ??= departments(context);
          return context.departments;
        case "changes":
          return changes(context);
        default:
          // Ids and lists belong to the edition they were made from. A button from an edition this
          // replica does not have yet (published through another): load the live one, then look again.
          if (request.edition !== context.marker && (await live.reload?.()))
            context = contextOf(live.current());
          if (request.edition !== context.marker) return canned(context, "stale");
          return request.kind === "detail"
            ? detail(context, request.id, request.all)
            : list(context, request.query, request.offset);
      }
    },
    canned(kind) {
      return canned(contextOf(live.current()), kind);
    },
    project(id) {
      return detail(contextOf(live.current()), id, false);
    },
  };
}
