export { type DecodeResult, decodeDocument, decodeText, detectLineEnding } from "./decode.js";
export { type ActionRef, diffPlans, type PlanDiff, type ProjectRef, type StatusChange } from "./diff.js";
export { type IsolatedParseOptions, parseEditionIsolated, parseUntrustedEdition } from "./isolated-parse.js";
export * from "./model.js";
export {
  type OpenDataAction,
  type OpenDataProject,
  toOpenDataCsv,
  toOpenDataJson,
  toOpenDataRecords,
} from "./open-data.js";
export { parsePlan } from "./parse.js";
export {
  countStatuses,
  findProject,
  type PillarStatistics,
  type PlanStatistics,
  planStatistics,
  projectsOf,
  type StatusCounts,
} from "./query.js";
export {
  checkZipBounds,
  isLegacyExcel,
  isWorkbook,
  parseEdition,
  parseWorkbook,
  toWorkbook,
  WORKBOOK_LIMITS,
  WORKBOOK_SHEET,
} from "./workbook.js";
export {
  compareEditionDates,
  type EditionDate,
  editionDateOf,
  type FiscalYearGroup,
  fiscalYearsOf,
  formatEraFiscalYears,
  formatFiscalYears,
  parseYearGroup,
} from "./years.js";
