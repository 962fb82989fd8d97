import type { QueryFilter, QueryTerm, Vocabulary } from "../nlp/index.js";
import type { Plan, PlanDiff } from "../plan/index.js";

export interface SearchRequest {
  terms: QueryTerm[];
  filter?: QueryFilter;
  /** Default 10. */
  limit?: number;
}

export interface SearchHit {
  /** Project id, e.g. "2-1-2-1". */
  id: string;
  score: number;
  /** Indexes into the project's actions whose own text matched the query, best first. */
  matchedActions: number[];
}

export type BackendState = "ready" | "degraded" | "unavailable";

export interface BackendHealth {
  backend: string;
  state: BackendState;
  documents: number;
  detail?: string;
}

/**
 * A search engine over one edition of the plan. With no terms and a filter, it returns every
 * matching project in id order.
 */
export interface SearchBackend {
  readonly name: string;
  search(request: SearchRequest): Promise<SearchHit[]>;
  health(): Promise<BackendHealth>;
  close?(): Promise<void>;
}

/** Where a served edition came from, recorded by reindex. */
export interface EditionInfo {
  /** Source file name as given to reindex (or the bundled edition's name). */
  source: string;
  sha256: string;
  /** ISO time of indexing. */
  indexedAt: string;
  /** The plan's own edition line, e.g. 平成30年7月. */
  edition: string | null;
  projects: number;
  actions: number;
}

/** One edition, indexed and ready to answer from. */
export interface IndexedEdition {
  plan: Plan;
  backend: SearchBackend;
  info: EditionInfo;
  /** The dictionaries and department names the index was built with; the analyzer uses the same. */
  vocabulary: Vocabulary;
  /** Project id → a short name (≤ 20 characters) from the distinctive words of its title. */
  shortNames: ReadonlyMap<string, string>;
  /** The kept edition's id (DATA_DIR or the registry); absent for the bundled edition. */
  id?: string;
  /** What its publish changed against the edition before it; absent or null when there is none. */
  changes?: EditionChanges | null;
}

export interface EditionChanges {
  /** The edition before it. */
  previous: EditionInfo;
  diff: PlanDiff;
}

/**
 * The edition citizens are served right now. Reindex replaces it atomically: a request that
 * took `current()` keeps a consistent edition even while a swap happens.
 */
export interface LiveEdition {
  current(): IndexedEdition;
  /** Called after every swap to a new edition. Returns an unsubscribe function. */
  onChange(listener: (edition: IndexedEdition) => void): () => void;
  health(): Promise<BackendHealth>;
  /** Loads the live edition now if another one was published meanwhile; true when it swapped. */
  reload?(): Promise<boolean>;
  close(): Promise<void>;
}
