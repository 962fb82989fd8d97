// Meilisearch's errors stop here: callers outside index/ only ever see SearchServiceError.
import {
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
} from "meilisearch";
import { MeilisearchResponseError } from "./meilisearch-http.js";

export type SearchServiceErrorCode =
  /** Network failure: refused, reset, DNS. */
  | "SEARCH_UNREACHABLE"
  /** A request or a task wait ran past its timeout. */
  | "SEARCH_TIMEOUT"
  /** The server refused the request (detail: Meilisearch's own code, e.g. index_not_found). */
  | "SEARCH_REJECTED"
  /** The server answered something unusable: not JSON, too large, cut short. */
  | "SEARCH_BAD_RESPONSE"
  /** A task ended failed or canceled. */
  | "SEARCH_TASK_FAILED"
  /** A freshly written index did not hold what was sent. */
  | "SEARCH_VERIFY_FAILED"
  | "SEARCH_FAILED";

export class SearchServiceError extends Error {
  override readonly name = "SearchServiceError";
  readonly code: SearchServiceErrorCode;
  /** Meilisearch's error code when it gave one (index_not_found, invalid_api_key, …). */
  readonly serviceCode: string | null;

  constructor(
    code: SearchServiceErrorCode,
    message: string,
    options: { cause?: unknown; serviceCode?: string | null } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.serviceCode = options.serviceCode ?? null;
  }
}

/** Wraps whatever a Meilisearch call threw; `operation` says what we were doing (no secrets). */
export function wrapMeilisearchError(error: unknown, operation: string): SearchServiceError {
  if (error instanceof SearchServiceError) return error;
  const timedOut =
    error instanceof MeilisearchTaskTimeOutError ||
    error instanceof MeilisearchRequestTimeOutError ||
    (error instanceof MeilisearchRequestError && error.cause instanceof MeilisearchRequestTimeOutError);
  if (timedOut) {
    return new SearchServiceError("SEARCH_TIMEOUT", `${operation}: ${error.message}`, { cause: error });
  }
  // Our keep-alive transport's refusals reach us wrapped in the client's request error.
  const refused =
    error instanceof MeilisearchApiError
      ? error
      : error instanceof MeilisearchRequestError && error.cause instanceof MeilisearchApiError
        ? error.cause
        : null;
  if (refused) {
    const serviceCode = refused.cause?.code ?? null;
    return new SearchServiceError(
      "SEARCH_REJECTED",
      `${operation}: ${serviceCode ?? refused.response.status} ${refused.message}`,
      { cause: error, serviceCode },
    );
  }
  const unusable =
    error instanceof MeilisearchResponseError ||
    (error instanceof MeilisearchRequestError && error.cause instanceof MeilisearchResponseError);
  if (unusable) {
    return new SearchServiceError("SEARCH_BAD_RESPONSE", `${operation}: ${error.message}`, { cause: error });
  }
  if (error instanceof MeilisearchRequestError) {
    return new SearchServiceError("SEARCH_UNREACHABLE", `${operation}: ${error.message}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SearchServiceError("SEARCH_FAILED", `${operation}: ${message}`, { cause: error });
}

/** Runs a Meilisearch call, wrapping its failure. */
export async function meilisearchCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw wrapMeilisearchError(error, operation);
  }
}
