import type { PageRange } from "./model.js";
import { toNumber } from "./text.js";

/** (P41), (P41～42), (P43~44), (P53~P56) at the end of a heading, in any width. */
const PAGE_REF =
  /[(（]\s*([PpＰｐ]\s*([0-9０-９]+)(?:\s*[～〜~\-－ー―‐]\s*(?:[PpＰｐ]\s*)?([0-9０-９]+))?)\s*[)）]\s*$/u;

/** Splits a trailing page reference off a heading; the title keeps its own parentheses. */
export function splitPageRef(heading: string): { title: string; pages: PageRange | null } {
  const m = PAGE_REF.exec(heading);
  if (!m || m[1] === undefined || m[2] === undefined) return { title: heading.trim(), pages: null };
  const first = toNumber(m[2]);
  const last = m[3] === undefined ? first : toNumber(m[3]);
  return { title: heading.slice(0, m.index).trim(), pages: { label: m[1], first, last } };
}
