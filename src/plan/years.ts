/** Era (和暦) and fiscal-year (年度) arithmetic. Pure functions; display labels are never rewritten here. */

/** Western year = offset + era year. */
const ERA_OFFSETS: Readonly<Record<string, number>> = {
  昭和: 1925,
  S: 1925,
  平成: 1988,
  H: 1988,
  令和: 2018,
  R: 2018,
};

const MIN_YEAR = 1926;
const MAX_YEAR = 2200;
/** A range wider than this is a typo, not a plan period. */
const MAX_SPAN = 60;

export interface FiscalYearGroup {
  /** Western fiscal years, ascending, unique. Empty when year-round. */
  fiscalYears: number[];
  /** (通年) */
  yearRound: boolean;
}

/** One year reference: 平成25 / 25 (era carried over) / 2019 / 元. */
const YEAR_REF = /^(昭和|平成|令和|[SHR])?(元|\d{1,4})(?:年度|年)?$/;
const RANGE_DASH = /[~〜～\-−–—―‐ー]/;

/** NFKC, no whitespace, unified wave dash: the form matching works on. */
function compact(label: string): string {
  return label.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

interface Ref {
  era: string | null;
  value: number;
}

function readRef(text: string, carriedEra: string | null): Ref | null {
  const m = YEAR_REF.exec(text);
  if (!m) return null;
  const era = m[1] ?? carriedEra;
  const digits = m[2] ?? "";
  const value = digits === "元" ? 1 : Number.parseInt(digits, 10);
  if (digits === "元" && !era) return null;
  return { era, value };
}

function toWestern(ref: Ref): number | null {
  if (ref.era === null) return ref.value >= MIN_YEAR && ref.value <= MAX_YEAR ? ref.value : null;
  const offset = ERA_OFFSETS[ref.era];
  if (offset === undefined || ref.value < 1 || ref.value > 99) return null;
  return offset + ref.value;
}

/**
 * Parses a year group without its parentheses: "平成26年度", "平成25～29年度", "平成 28~29 年度",
 * "平成25~平成29年度", "平成25、26、28年度", "平成30年度～令和元年度", "2019年度", "通年".
 * Also accepts 年 instead of 年度 (question text). Null when the label cannot be read.
 */
export function parseYearGroup(label: string): FiscalYearGroup | null {
  const text = compact(label);
  if (text === "通年") return { fiscalYears: [], yearRound: true };
  const body = text.replace(/(?:年度|年)$/, "");
  if (body === text || body === "") return null;
  const years = new Set<number>();
  let era: string | null = null;
  for (const term of body.split(/[、,，・]/)) {
    const ends = term.split(RANGE_DASH);
    if (ends.length > 2) return null;
    const refs: number[] = [];
    for (const end of ends) {
      const ref = readRef(end, era);
      if (!ref) return null;
      era = ref.era;
      const year = toWestern(ref);
      if (year === null) return null;
      refs.push(year);
    }
    const from = refs[0];
    const to = refs[refs.length - 1];
    if (from === undefined || to === undefined || to < from || to - from > MAX_SPAN) return null;
    for (let y = from; y <= to; y++) years.add(y);
  }
  return { fiscalYears: [...years].sort((a, b) => a - b), yearRound: false };
}

/**
 * Western fiscal years of a label as a citizen or the list writes it: "平成28年度", "(平成28年度)",
 * "2016年度", "令和元年", "H28". Null when unreadable; [] for 通年.
 */
export function fiscalYearsOf(label: string): number[] | null {
  const inner = label
    .trim()
    .replace(/^[(（]\s*(.*?)\s*[)）]$/u, "$1")
    .trim();
  const withSuffix = /(?:年度|年)\s*$/.test(inner) || inner === "通年" ? inner : `${inner}年度`;
  return parseYearGroup(withSuffix)?.fiscalYears ?? null;
}

/**
 * Western text for fiscal years: [2016] → "2016年度", [2015,2016,2017] → "2015～2017年度",
 * [2013,2014,2016] → "2013、2014、2016年度". Empty input → "".
 */
export function formatFiscalYears(years: readonly number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return "";
  if (first === last) return `${first}年度`;
  if (last - first === sorted.length - 1) return `${first}～${last}年度`;
  return `${sorted.join("、")}年度`;
}

function eraOf(year: number): { era: string; n: number } {
  if (year >= 2019) return { era: "令和", n: year - 2018 };
  if (year >= 1989) return { era: "平成", n: year - 1988 };
  return { era: "昭和", n: year - 1925 };
}

const eraNumber = (n: number): string => (n === 1 ? "元" : String(n));

/** Western fiscal years back to the era form: 2013..2017 → "平成25～29年度", 2018..2019 → "平成30～令和元年度". */
export function formatEraFiscalYears(first: number, last: number): string {
  const a = eraOf(first);
  const b = eraOf(last);
  if (first === last) return `${a.era}${eraNumber(a.n)}年度`;
  const end = a.era === b.era ? eraNumber(b.n) : `${b.era}${eraNumber(b.n)}`;
  return `${a.era}${eraNumber(a.n)}～${end}年度`;
}

/** An edition date line's year and month: 平成30年7月, 令和元年7月, 2019年7月. */
export interface EditionDate {
  year: number;
  month: number;
}

const EDITION_DATE = /^(昭和|平成|令和)?(元|\d{1,4})年(\d{1,2})月/;

/** Reads the edition line the parser keeps (Plan.edition); null when it names no year and month. */
export function editionDateOf(edition: string | null): EditionDate | null {
  if (edition === null) return null;
  const m = EDITION_DATE.exec(compact(edition));
  if (!m) return null;
  const ref = readRef(`${m[1] ?? ""}${m[2] ?? ""}`, null);
  const year = ref ? toWestern(ref) : null;
  const month = Number(m[3]);
  if (year === null || month < 1 || month > 12) return null;
  return { year, month };
}

/** Negative when a is older than b, 0 when the same month, positive when newer. */
export function compareEditionDates(a: EditionDate, b: EditionDate): number {
  return a.year * 12 + a.month - (b.year * 12 + b.month);
}
