import { type CsvValue, csvRow, csvText } from "../csv.js";
import type { PageRange, Plan, ProgressStatus } from "./model.js";
import { projectsOf } from "./query.js";

export interface OpenDataAction {
  text: string;
  departments: string[];
  fiscalYears: number[];
  yearRound: boolean;
  yearsLabel: string | null;
}

/**
 * One project of the open-data JSON, exactly these fields. `pages` is the PageRange object
 * ({label, first, last}, label as written: "P41～42") or null when the heading cites no page.
 */
export interface OpenDataProject {
  id: string;
  no: number;
  title: string;
  status: ProgressStatus;
  departments: string[];
  departmentsInherited: boolean;
  pillar: { no: number; title: string; subtitle: string | null };
  section: { no: number; title: string; pages: PageRange | null };
  measure: { no: number; title: string; pages: PageRange | null; description: string | null };
  actions: OpenDataAction[];
  source: { line: number };
}

export function toOpenDataRecords(plan: Plan): OpenDataProject[] {
  return projectsOf(plan).map(({ project, pillar, section, measure }) => ({
    id: project.id,
    no: project.no,
    title: project.title,
    status: project.status,
    departments: [...project.departments],
    departmentsInherited: project.departmentsInherited,
    pillar: { no: pillar.no, title: pillar.title, subtitle: pillar.subtitle },
    section: { no: section.no, title: section.title, pages: section.pages },
    measure: { no: measure.no, title: measure.title, pages: measure.pages, description: measure.description },
    actions: project.actions.map((action) => ({
      text: action.text,
      departments: [...action.departments],
      fiscalYears: [...action.fiscalYears],
      yearRound: action.yearRound,
      yearsLabel: action.yearsLabel,
    })),
    source: { line: project.line },
  }));
}

/** The open-data JSON text: an array of projects, 2-space indented, final newline. */
export function toOpenDataJson(plan: Plan): string {
  return `${JSON.stringify(toOpenDataRecords(plan), null, 2)}\n`;
}

const CSV_COLUMNS = [
  "id",
  "no",
  "title",
  "status",
  "departments",
  "departmentsInherited",
  "pillar.no",
  "pillar.title",
  "pillar.subtitle",
  "section.no",
  "section.title",
  "section.pages",
  "measure.no",
  "measure.title",
  "measure.pages",
  "measure.description",
  "action.no",
  "action.text",
  "action.departments",
  "action.fiscalYears",
  "action.yearRound",
  "action.yearsLabel",
  "source.line",
] as const;

/**
 * The open-data CSV: one row per action (a project without actions gets one row with empty action
 * columns); lists joined by 、; pages as their label. UTF-8 with BOM and CRLF, so Excel opens it.
 */
export function toOpenDataCsv(plan: Plan): string {
  const rows: CsvValue[][] = [[...CSV_COLUMNS]];
  for (const p of toOpenDataRecords(plan)) {
    const common: CsvValue[] = [
      p.id,
      p.no,
      p.title,
      p.status,
      p.departments.join("、"),
      p.departmentsInherited,
      p.pillar.no,
      p.pillar.title,
      p.pillar.subtitle,
      p.section.no,
      p.section.title,
      p.section.pages?.label ?? null,
      p.measure.no,
      p.measure.title,
      p.measure.pages?.label ?? null,
      p.measure.description,
    ];
    const actions = p.actions.length > 0 ? p.actions : [null];
    actions.forEach((action, index) => {
      const actionCells: CsvValue[] = action
        ? [
            index + 1,
            action.text,
            action.departments.join("、"),
            action.fiscalYears.join("、"),
            action.yearRound,
            action.yearsLabel,
          ]
        : [null, null, null, null, null, null];
      rows.push([...common, ...actionCells, p.source.line]);
    });
  }
  return csvText(rows.map(csvRow));
}
