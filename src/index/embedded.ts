// The default backend: in-process, built from the plan at start (fast enough that no snapshot is kept).
import type { JapaneseTokenizer, QueryFilter, Vocabulary } from "../nlp/index.js";
import type { Plan } from "../plan/index.js";
import { buildSearchDocuments, type SearchDocument } from "./documents.js";
import { createInvertedIndex } from "./inverted-index.js";
import { actionsByFilter } from "./listing-actions.js";
import type { SearchBackend, SearchHit, SearchRequest } from "./types.js";

export interface EmbeddedBackendDeps {
  plan: Plan;
  tokenizer: JapaneseTokenizer;
  vocabulary: Vocabulary;
  /** Documents already built from this plan; built here when absent. */
  documents?: SearchDocument[];
}

export interface EmbeddedBackend extends SearchBackend {
  readonly documents: readonly SearchDocument[];
}

const DEFAULT_LIMIT = 10;

/**
 * Department names a filter stands for. A canonical name also covers its aliases (the plan may
 * write one). For actions only, a successor also covers its predecessors' earlier work.
 */
export function filterDepartments(
  departments: readonly string[],
  vocabulary: Pick<Vocabulary, "departmentAliases" | "departmentSuccessions">,
): { projects: Set<string>; actions: Set<string> } {
  const projects = new Set<string>();
  for (const name of departments) {
    projects.add(name);
    for (const alias of vocabulary.departmentAliases[name] ?? []) projects.add(alias);
  }
  const actions = new Set(projects);
  for (const succession of vocabulary.departmentSuccessions ?? []) {
    if (projects.has(succession.department)) for (const p of succession.predecessors) actions.add(p);
  }
  return { projects, actions };
}

function passes(doc: SearchDocument, filter: QueryFilter, departments: Set<string> | null): boolean {
  if (filter.statuses?.length && !filter.statuses.includes(doc.status)) return false;
  if (departments && !doc.departments.some((d) => departments.has(d))) return false;
  if (filter.fiscalYears?.length && !doc.fiscalYears.some((y) => filter.fiscalYears?.includes(y)))
    return false;
  return true;
}

export function createEmbeddedBackend(deps: EmbeddedBackendDeps): EmbeddedBackend {
  const { plan, tokenizer, vocabulary } = deps;
  const documents = deps.documents ?? buildSearchDocuments(plan, tokenizer, vocabulary);
  const index = createInvertedIndex(documents);

  return {
    name: "embedded",
    documents,
    async search({ terms, filter = {}, limit }: SearchRequest): Promise<SearchHit[]> {
      const departments = filter.departments?.length
        ? filterDepartments(filter.departments, vocabulary)
        : null;
      const candidates = documents.flatMap((doc, i) =>
        passes(doc, filter, departments?.projects ?? null) ? [i] : [],
      );
      if (terms.length === 0) {
        // A listing returns every match unless a limit is asked for.
        return candidates.slice(0, limit ?? candidates.length).map((i) => {
          const doc = documents[i] as SearchDocument;
          return {
            id: doc.id,
            score: 0,
            matchedActions: actionsByFilter(doc, departments?.actions ?? null, filter.fiscalYears),
          };
        });
      }
      return index
        .match(terms, candidates)
        .filter((m) => m.score > 0)
        .sort((a, b) => b.score - a.score || a.doc - b.doc)
        .slice(0, limit ?? DEFAULT_LIMIT)
        .map((m) => ({
          id: (documents[m.doc] as SearchDocument).id,
          score: m.score,
          matchedActions: m.actions,
        }));
    },
    async health() {
      return { backend: "embedded", state: "ready", documents: documents.length };
    },
  };
}
