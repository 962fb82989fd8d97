import type { PageRange } from "./model.js";
import { splitPageRef } from "./pages.js";
import { circledNumber, matchKey, toNumber } from "./text.js";

/** What one input line is, before the parser places it in the hierarchy. */
export type LineKind =
  | { kind: "blank" }
  | { kind: "pillar"; no: number; title: string; subtitle: string | null }
  /** (n): a section or a 施策; only the following lines tell which. */
  | { kind: "heading"; no: number; title: string; pages: PageRange | null; rest: string[]; tabbed: boolean }
  | { kind: "bad-numbering"; token: string }
  | { kind: "header"; partial: boolean }
  | { kind: "project"; no: number; title: string; departmentCell: string; actionsCell: string }
  | { kind: "edition"; edition: string; publisher: string | null }
  /** Longer than any row of a progress list: not classified (regular expressions stay bounded). */
  | { kind: "too-long"; length: number }
  | { kind: "text"; text: string };

const HEADER_LABELS = new Set(["具体的な事業", "担当課", "実施したこと(実施年度)", "実施したこと"]);

const PILLAR = /^([0-9０-９]+)\s*[.．、]\s*(.+)$/u;
const BAD_PILLAR = /^([^\s0-9０-９(（「]{1,2})\s*[.．]\s*[「『]/u;
const QUOTED_TITLE = /^[「『]([^」』]*)[」』]\s*(.*)$/u;
const HEADING = /^(?:[(（]\s*([0-9０-９]+)\s*[)）]|([\u2474-\u2487]))\s*(.*)$/u;
const BAD_HEADING = /^[(（]\s*([^()（）\s]{1,2})\s*[)）]\s*\S/u;
const EDITION =
  /^((?:(?:昭和|平成|令和)\s*(?:元|[0-9０-９]{1,2})|[0-9０-９]{4})\s*年\s*[0-9０-９]{1,2}\s*月(?:\s*[0-9０-９]{1,2}\s*日)?)\s*(.*)$/u;
const WAVE = /[～〜~]/u;

/** ～subtitle～ → subtitle; null when the text is not wrapped in wave dashes. Linear, no backtracking. */
function unwrapWaves(text: string): string | null {
  if (text.length < 2 || !WAVE.test(text.charAt(0)) || !WAVE.test(text.charAt(text.length - 1))) return null;
  return text.slice(1, -1).trim();
}

function cellsOf(line: string): string[] {
  return line.split("\t").map((cell) => cell.trim());
}

function classifyPillar(first: string): LineKind | null {
  const m = PILLAR.exec(first);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  const body = m[2];
  const quoted = QUOTED_TITLE.exec(body);
  if (quoted) {
    const rest = quoted[2]?.trim() ?? "";
    const subtitle = unwrapWaves(rest) ?? rest;
    return { kind: "pillar", no: toNumber(m[1]), title: quoted[1]?.trim() ?? "", subtitle: subtitle || null };
  }
  // Without 「」 only a title followed by a ～subtitle～ is taken as a pillar; "1.5倍" etc. stay text.
  const wave = body.search(WAVE);
  if (wave <= 0) return null;
  const rest = body.slice(wave);
  if (!WAVE.test(rest.charAt(rest.length - 1)) || rest.length < 2) return null;
  const title = body.slice(0, wave).trimEnd() || body.slice(0, 1);
  return { kind: "pillar", no: toNumber(m[1]), title, subtitle: unwrapWaves(rest) ?? rest };
}

function classifyHeading(first: string, cells: string[], tabbed: boolean): LineKind | null {
  const m = HEADING.exec(first);
  if (m) {
    const digits = m[1];
    const no = digits === undefined ? (m[2]?.codePointAt(0) ?? 0x2473) - 0x2473 : toNumber(digits);
    const { title, pages } = splitPageRef(m[3] ?? "");
    return { kind: "heading", no, title, pages, rest: cells.slice(1), tabbed };
  }
  const bad = BAD_HEADING.exec(first);
  if (bad?.[1] !== undefined && (tabbed || splitPageRef(first).pages)) {
    return { kind: "bad-numbering", token: bad[0].replace(/\S$/u, "").trim() };
  }
  return null;
}

function classifyProject(first: string, cells: string[]): LineKind | null {
  const char = String.fromCodePoint(first.codePointAt(0) ?? 0);
  const no = circledNumber(char);
  if (no === null) return null;
  return {
    kind: "project",
    no,
    title: first.slice(char.length).trim(),
    departmentCell: cells[1] ?? "",
    actionsCell: cells
      .slice(2)
      .filter((cell) => cell !== "")
      .join(" "),
  };
}

function isHeaderRow(cells: string[]): LineKind | null {
  const keys = cells.map(matchKey).filter((key) => key !== "");
  if (keys.length === 0 || !keys.every((key) => HEADER_LABELS.has(key))) return null;
  return { kind: "header", partial: keys.length < 3 };
}

/** A row of the bundled edition is at most a few thousand characters; this is far beyond any. */
export const MAX_LINE_LENGTH = 100_000;

/** Classifies one line by its own content. `preamble` allows the edition line (before the first 基本方針). */
export function classifyLine(line: string, preamble: boolean): LineKind {
  if (line.length > MAX_LINE_LENGTH) return { kind: "too-long", length: line.length };
  const cells = cellsOf(line);
  if (cells.every((cell) => cell === "")) return { kind: "blank" };
  const first = cells[0] ?? "";
  const tabbed = cells.length > 1;
  const bad = BAD_PILLAR.exec(first);
  if (bad?.[1] !== undefined) return { kind: "bad-numbering", token: `${bad[1]}.` };
  const edition = preamble ? EDITION.exec(cells.join(" ").trim()) : null;
  if (edition?.[1] !== undefined) {
    return { kind: "edition", edition: edition[1], publisher: edition[2]?.trim() || null };
  }
  return (
    classifyHeading(first, cells, tabbed) ??
    classifyProject(first, cells) ??
    isHeaderRow(cells) ??
    classifyPillar(first) ?? { kind: "text", text: cells.filter((cell) => cell !== "").join(" ") }
  );
}
