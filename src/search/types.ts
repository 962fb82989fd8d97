import type { QueryFilter, QueryTerm } from "../nlp/index.js";

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
