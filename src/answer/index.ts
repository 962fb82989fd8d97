export { type AnswererDeps, createAnswerer, PAGE_SIZE } from "./answerer.js";
export { displayYearsLabel } from "./cards.js";
export * from "./types.js";
