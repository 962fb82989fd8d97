// CSV for Excel, safe to open: RFC 4180 quoting, and a field a spreadsheet would run as a formula
// neutralised as OWASP's CSV-injection guidance describes: a cell starting with = + - @, a tab or a
// carriage return (or the full-width ＝ ＋ － ＠) gets a leading apostrophe and is quoted, so it
// shows as the text it is. Numbers stay numbers. A leaf module: plan/ and record/ both write CSV.

export type CsvValue = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/u;

/** One field: neutralised when it starts like a formula, quoted when it must be. */
export function csvField(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const formula = FORMULA_START.test(value);
  const text = formula ? `'${value}` : value;
  return formula || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as a CSV file for Excel: UTF-8 with a BOM, CRLF line ends. */
export function csvText(lines: readonly string[]): string {
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(",");
}
