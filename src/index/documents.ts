// One search document per 具体的な事業, with kuromoji token fields both backends index alike.
import { indexTokensOf, type JapaneseTokenizer, type Vocabulary, type Word } from "../nlp/index.js";
import type { Plan, ProgressStatus } from "../plan/index.js";
import { extractPlanWords, type ProjectWords } from "./plan-words.js";

export interface SearchDocument {
  /** Project id, e.g. "2-1-2-1"; also the Meilisearch primary key. */
  id: string;
  pillarId: string;
  sectionId: string;
  measureId: string;
  pillarTitle: string;
  sectionTitle: string;
  /** 施策 */
  measureTitle: string;
  measureDescription: string;
  /** 具体的な事業 */
  title: string;
  /** 実施したこと, one entry per action, in the plan's order. */
  actions: string[];
  /** 担当課 of the project, then those of its actions, without repeats. */
  departments: string[];
  projectDepartments: string[];
  actionDepartments: string[][];
  status: ProgressStatus;
  /** Western fiscal years of any action, ascending. */
  fiscalYears: number[];
  actionFiscalYears: number[][];
  /** Token fields: surface, base form and katakana reading of each word, compounds whole and split, space-separated. */
  titleTokens: string;
  actionTokens: string[];
  measureTitleTokens: string;
  /** 基本方針 and section titles. */
  hierarchyTokens: string;
  measureDescriptionTokens: string;
}

export type TokenField =
  | "titleTokens"
  | "actionTokens"
  | "measureTitleTokens"
  | "hierarchyTokens"
  | "measureDescriptionTokens";

/**
 * The token fields by importance, with the weights of the embedded backend. Meilisearch's
 * searchableAttributes should follow the same order.
 */
export const TOKEN_FIELDS: readonly { field: TokenField; weight: number }[] = [
  { field: "titleTokens", weight: 3 },
  { field: "actionTokens", weight: 3 },
  { field: "measureTitleTokens", weight: 1.2 },
  { field: "hierarchyTokens", weight: 0.5 },
  { field: "measureDescriptionTokens", weight: 0.5 },
];

function tokens(...lists: Word[][]): string {
  return lists.flatMap(indexTokensOf).join(" ");
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

function toDocument(p: ProjectWords): SearchDocument {
  const { pillar, section, measure, project } = p;
  return {
    id: project.id,
    pillarId: pillar.id,
    sectionId: section.id,
    measureId: measure.id,
    pillarTitle: pillar.subtitle ? `${pillar.title} ${pillar.subtitle}` : pillar.title,
    sectionTitle: section.title,
    measureTitle: measure.title,
    measureDescription: measure.description ?? "",
    title: project.title,
    actions: project.actions.map((a) => a.text),
    departments: unique([...project.departments, ...project.actions.flatMap((a) => a.departments)]),
    projectDepartments: [...project.departments],
    actionDepartments: project.actions.map((a) => [...a.departments]),
    status: project.status,
    fiscalYears: unique(project.actions.flatMap((a) => a.fiscalYears)).sort((a, b) => a - b),
    actionFiscalYears: project.actions.map((a) => [...a.fiscalYears]),
    titleTokens: tokens(p.title),
    actionTokens: p.actions.map((words) => tokens(words)),
    measureTitleTokens: tokens(p.measureTitle),
    hierarchyTokens: tokens(p.pillarTitle, p.sectionTitle),
    measureDescriptionTokens: tokens(p.measureDescription),
  };
}

/**
 * Documents in plan (id) order. Pass the vocabulary so that dictionary words kuromoji would split
 * (なし坊, 着ぐるみ) are indexed whole, as the analyzer sees them.
 */
export function buildSearchDocuments(
  plan: Plan,
  tokenizer: JapaneseTokenizer,
  vocabulary?: Pick<Vocabulary, "synonyms">,
): SearchDocument[] {
  return searchDocumentsOf(extractPlanWords(plan, tokenizer, vocabulary));
}

/** Documents from words the plan was already split into. */
export function searchDocumentsOf(words: readonly ProjectWords[]): SearchDocument[] {
  return words.map(toDocument);
}
