/** Question bounds, for line/ (which imports answer/, never nlp/). */
export { clip, MAX_QUESTION_LENGTH } from "../nlp/index.js";
export { type AnswererDeps, createAnswerer, editionMarker, PAGE_SIZE } from "./answerer.js";
export { actionLine, displayYearsLabel } from "./cards.js";
export { projectChanges } from "./changes.js";
export { boundedQuery, QUERY_LIMITS, SCOPE_ID } from "./list-query.js";
export * from "./types.js";
