/** Status words as the plan writes them; structurally equal to plan's ProgressStatus. */
export type StatusWord = "実施あり" | "未実施" | "記載なし";

export type Intent =
  /** 「防災訓練は実施された？」: status of the best-matching project. */
  | "status"
  /** 「ボランティア休暇制度の担当課は？」 (with keywords) or 「都市計画課の事業は？」 (department filter only). */
  | "department"
  /** 「いつから？」「いつ？」 */
  | "when"
  /** 「平成28年度に何をした？」 (year filter only) */
  | "year"
  /** 「未実施の事業は？」: list projects with a status. */
  | "status-list"
  /** 「全部の事業を教えて」「事業の一覧」: every project, as a list. */
  | "list"
  /** 「未実施の事業はいくつ？」 */
  | "count"
  /** 「何割くらい実施できたの？」「未実施は何パーセント？」: a count out of its whole. */
  | "share"
  /** 「全体の進捗」 */
  | "overview"
  /** 「最近変わったことは？」「今年新しく実施されたのは？」: what the latest edition changed. */
  | "changes"
  /** A question about something, no particular aspect: 「市民大学校について教えて」 */
  | "about"
  | "greeting"
  | "thanks"
  | "help"
  | "out-of-scope";

/** One content word of a question with every form it may match in the index. */
export interface QueryTerm {
  /** As the citizen wrote it (normalized). */
  surface: string;
  /** Normalized forms to look up: the surface, base form, reading (katakana), synonyms. */
  forms: string[];
  /** Relative importance, 1 for an ordinary content word. */
  weight: number;
  /**
   * How many of `forms`, from the start, spell the word itself (surface, base form, readings); the
   * rest are synonyms, which a backend may rank lower. Absent: every form counts the same.
   */
  ownForms?: number;
}

export interface QueryFilter {
  statuses?: StatusWord[];
  /** Canonical department names (aliases already resolved, e.g. 秘書広報課 → also しろいの魅力発信課). */
  departments?: string[];
  /** Western fiscal years. */
  fiscalYears?: number[];
}

export interface QuestionAnalysis {
  original: string;
  normalized: string;
  intent: Intent;
  terms: QueryTerm[];
  /** Filters the analyzer can resolve itself: statuses and departments. */
  filter: QueryFilter;
  /**
   * Status words the question uses, filter or not (「市民協働の分野で未実施は？」 asks about 未実施
   * within a 基本方針, which the answer layer, not the analyzer, recognises as a scope).
   */
  statusWords: StatusWord[];
  /**
   * The topic's head noun (「ゴミの収集日はいつ？」→ 収集日), with only the forms that name the same
   * thing (own spellings, the staff's synonyms, a same-length misspelling); null when the question
   * has no topic noun of its own. An answer about a project needs it found in that project.
   */
  head: QueryTerm | null;
  /**
   * Year expressions as the citizen wrote them (normalized), e.g. "平成28年度", "2016年度", "令和元年".
   * Era arithmetic lives in plan/; the answer layer turns these into QueryFilter.fiscalYears.
   */
  yearMentions: string[];
}

/** Staff-editable vocabulary from index-data/, handed to the analyzer. */
export interface Vocabulary {
  /** Groups of words citizens use for the same thing: [["ホームページ","HP","ウェブサイト"], …] */
  synonyms: string[][];
  /** Canonical department name → other names it has been known by. */
  departmentAliases: Record<string, string[]>;
  /** All department names appearing in the plan. */
  departments: string[];
  /** Work moved from predecessors to a department (2017: PR work → しろいの魅力発信課). */
  departmentSuccessions?: DepartmentSuccession[];
  /**
   * Katakana reading → the plan's words read so, for every word the index holds (kana words under
   * themselves). Lets kana questions reach kanji words and tells which words the plan uses at all.
   */
  planReadings?: Record<string, string[]>;
  /**
   * The base layer under `synonyms`: a word the plan lacks (normalized; English in lower case) →
   * the plan's words Sudachi's synonym dictionary groups it with. `synonyms` wins on conflicts.
   */
  baseSynonyms?: Record<string, string[]>;
  /** English word or phrase (lower case) → the plan's words, from the staff's english-glossary.txt. */
  englishGlossary?: Record<string, string[]>;
}

export interface DepartmentSuccession {
  department: string;
  predecessors: string[];
  /** First Western fiscal year the department did the work. */
  since: number;
}
