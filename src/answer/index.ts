/** Question bounds, for line/ (which imports answer/, never nlp/). */
export { clip, MAX_QUESTION_LENGTH } from "../nlp/index.js";
export { type AnswererDeps, createAnswerer, editionMarker } from "./answerer.js";
export { actionLine, displayYearsLabel } from "./cards.js";
export { projectChanges } from "./changes.js";
export { boundedQuery, PAGE_SIZE, QUERY_LIMITS, SCOPE_ID } from "./list-query.js";
export { measureIdOf, topicOf } from "./topic.js";
export * from "./types.js";
