// SearchBackend over a Meilisearch index built from the same documents as the embedded backend.
import { type Hit, Meilisearch, type MultiSearchQuery } from "meilisearch";
import { normalizeForSearch, type QueryFilter, type QueryTerm, type Vocabulary } from "../nlp/index.js";
import { filterDepartments } from "./embedded.js";
import { actionsByFilter } from "./listing-actions.js";
import { meilisearchCall } from "./meilisearch-errors.js";
import { createMeilisearchHttpClient } from "./meilisearch-http.js";
import type { MeilisearchDocument } from "./meilisearch-settings.js";
import type { BackendHealth, SearchBackend, SearchHit, SearchRequest } from "./types.js";

type DepartmentVocabulary = Pick<Vocabulary, "departmentAliases" | "departmentSuccessions">;

export interface MeilisearchBackendOptions {
  host: string;
  apiKey?: string;
  /** The live index uid (reindex swaps new editions into it). */
  index: string;
  /** Per HTTP request. */
  timeoutMs: number;
  /** Department aliases and successions for department filters, as the embedded backend uses them. */
  vocabulary?: DepartmentVocabulary;
}

export interface MeilisearchBackend extends SearchBackend {
  readonly index: string;
}

const DEFAULT_LIMIT = 10;
/** More than any plan has projects: a listing or a word's hits are never cut short. */
const ALL = 10_000;
/** As in the embedded index: a synonym counts less than the citizen's own word. */
const SYNONYM_FACTOR = 0.6;
/** A form found only inside an action's text, not as one of its words. */
const SUBSTRING_FACTOR = 0.7;
const LOCALES = ["jpn"];

/** A filter value in double quotes, with quotes and backslashes escaped. */
export function quoteFilterValue(value: string | number): string {
  if (typeof value === "number") return String(value);
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function inList(attribute: string, values: readonly (string | number)[]): string {
  return `${attribute} IN [${values.map(quoteFilterValue).join(", ")}]`;
}

/** The request's filter as Meilisearch filter expressions, all of which must hold; [] when none. */
export function meilisearchFilter(filter: QueryFilter, vocabulary: DepartmentVocabulary): string[] {
  const expressions: string[] = [];
  if (filter.statuses?.length) expressions.push(inList("status", filter.statuses));
  if (filter.departments?.length) {
    const { projects } = filterDepartments(filter.departments, vocabulary);
    expressions.push(inList("departments", [...projects]));
  }
  if (filter.fiscalYears?.length) expressions.push(inList("fiscalYears", filter.fiscalYears));
  return expressions;
}

type ListingFields = Pick<MeilisearchDocument, "id" | "order" | "actionDepartments" | "actionFiscalYears">;

type FormHit = Hit<Pick<MeilisearchDocument, "id" | "order">>;

interface FormResult {
  /** Rarity of the form, as BM25's idf. */
  idf: number;
  hits: FormHit[];
}

interface Ranked {
  id: string;
  order: number;
  score: number;
}

/**
 * Scores like the embedded index: per term its best form (a synonym counts less) by Meilisearch's
 * ranking score and the form's rarity, weighted by the term, summed, times the share of terms matched.
 */
function rank(terms: readonly QueryTerm[], results: ReadonlyMap<string, FormResult>): Ranked[] {
  const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0);
  const docs = new Map<string, { order: number; score: number; matched: number }>();
  for (const term of terms) {
    const best = new Map<string, number>();
    for (const [i, form] of term.forms.entries()) {
      const result = results.get(form);
      if (!result || result.idf <= 0) continue;
      const synonym = i >= (term.ownForms ?? term.forms.length) ? SYNONYM_FACTOR : 1;
      for (const hit of result.hits) {
        const score = (hit._rankingScore ?? 0) * result.idf * synonym;
        if (score <= (best.get(hit.id) ?? 0)) continue;
        best.set(hit.id, score);
        if (!docs.has(hit.id)) docs.set(hit.id, { order: hit.order, score: 0, matched: 0 });
      }
    }
    for (const [id, score] of best) {
      const doc = docs.get(id);
      if (!doc) continue;
      doc.score += score * term.weight;
      doc.matched += term.weight;
    }
  }
  return [...docs].map(([id, doc]) => ({
    id,
    order: doc.order,
    score: totalWeight > 0 ? (doc.score * doc.matched) / totalWeight : 0,
  }));
}

type ActionFields = Pick<MeilisearchDocument, "id" | "actions" | "actionTokens">;

/**
 * The actions a hit's own text matched, best first, found as the embedded index finds them: a form
 * equal to one of the action's tokens, else inside its text (counting less), weighted by rarity.
 */
function matchedActions(
  doc: ActionFields,
  terms: readonly QueryTerm[],
  results: ReadonlyMap<string, FormResult>,
): number[] {
  const scores = doc.actionTokens.map((tokenText, i) => {
    const tokens = new Set(tokenText.split(" "));
    const text = normalizeForSearch(doc.actions[i] ?? "");
    let score = 0;
    for (const term of terms) {
      let best = 0;
      for (const [f, form] of term.forms.entries()) {
        const found = tokens.has(form) ? 1 : form.length >= 2 && text.includes(form) ? SUBSTRING_FACTOR : 0;
        const synonym = f >= (term.ownForms ?? term.forms.length) ? SYNONYM_FACTOR : 1;
        best = Math.max(best, found * synonym * (results.get(form)?.idf ?? 0));
      }
      score += best * term.weight;
    }
    return { action: i, score };
  });
  return scores
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.action - b.action)
    .map((s) => s.action);
}

export function createMeilisearchBackend(options: MeilisearchBackendOptions): MeilisearchBackend {
  const { index: indexUid, timeoutMs } = options;
  const vocabulary = options.vocabulary ?? { departmentAliases: {}, departmentSuccessions: [] };
  const http = createMeilisearchHttpClient();
  const client = new Meilisearch({
    host: options.host,
    apiKey: options.apiKey,
    timeout: timeoutMs,
    httpClient: http.request,
  });
  const index = client.index<MeilisearchDocument>(indexUid);

  async function listing(filter: QueryFilter, expressions: string[], limit?: number): Promise<SearchHit[]> {
    const response = await meilisearchCall("list projects", () =>
      index.search<ListingFields>("", {
        filter: expressions,
        sort: ["order:asc"],
        limit: limit ?? ALL,
        attributesToRetrieve: ["id", "order", "actionDepartments", "actionFiscalYears"],
        locales: LOCALES,
      }),
    );
    return response.hits.map((hit) => ({
      id: hit.id,
      score: 0,
      matchedActions: actionsByFilter(
        hit,
        filter.departments?.length ? filterDepartments(filter.departments, vocabulary).actions : null,
        filter.fiscalYears,
      ),
    }));
  }

  /** One query per distinct form (analyzed words, never the raw sentence), in one request. */
  async function ranked(terms: QueryTerm[], expressions: string[], limit: number): Promise<SearchHit[]> {
    const forms = [...new Set(terms.flatMap((t) => t.forms))].filter((f) => f.trim().length > 0);
    const perForm = {
      indexUid,
      filter: expressions,
      locales: LOCALES,
      matchingStrategy: "all",
      limit: ALL,
      attributesToRetrieve: ["id", "order"],
      showRankingScore: true,
    } satisfies Omit<MultiSearchQuery, "q">;
    // The first query only counts the documents, for the forms' rarity.
    const queries: MultiSearchQuery[] = [
      { indexUid, q: "", limit: 0, locales: LOCALES },
      ...forms.map((form) => ({ ...perForm, q: form })),
    ];
    const response = await meilisearchCall("search", () =>
      client.multiSearch<{ queries: MultiSearchQuery[] }, Pick<MeilisearchDocument, "id" | "order">>({
        queries,
      }),
    );
    const [total, ...answers] = response.results;
    const documents = total?.estimatedTotalHits ?? 0;
    const results = new Map<string, FormResult>();
    answers.forEach((answer, i) => {
      const form = forms[i];
      if (form === undefined) return;
      const found = answer.estimatedTotalHits ?? answer.hits.length;
      const idf = Math.log(1 + (documents - found + 0.5) / (found + 0.5));
      results.set(form, { idf, hits: answer.hits });
    });
    const best = rank(terms, results)
      .filter((doc) => doc.score > 0)
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .slice(0, limit);
    if (best.length === 0) return [];
    const fetched = await meilisearchCall("fetch actions", () =>
      index.getDocuments<ActionFields>({
        filter: inList(
          "id",
          best.map((doc) => doc.id),
        ),
        fields: ["id", "actions", "actionTokens"],
        limit: best.length,
      }),
    );
    const byId = new Map(fetched.results.map((doc) => [doc.id, doc]));
    return best.map((doc) => {
      const fields = byId.get(doc.id);
      return {
        id: doc.id,
        score: doc.score,
        matchedActions: fields ? matchedActions(fields, terms, results) : [],
      };
    });
  }

  return {
    name: "meilisearch",
    index: indexUid,
    async search({ terms, filter = {}, limit }: SearchRequest): Promise<SearchHit[]> {
      const expressions = meilisearchFilter(filter, vocabulary);
      if (terms.length === 0) return listing(filter, expressions, limit);
      return ranked(terms, expressions, limit ?? DEFAULT_LIMIT);
    },
    async health(): Promise<BackendHealth> {
      try {
        const stats = await meilisearchCall("index stats", () => index.getStats());
        return { backend: "meilisearch", state: "ready", documents: stats.numberOfDocuments };
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return { backend: "meilisearch", state: "unavailable", documents: 0, detail };
      }
    },
    async close() {
      http.close();
    },
  };
}
