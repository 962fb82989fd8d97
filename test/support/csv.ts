// Reading CSV back as Excel would: RFC 4180 fields, and which of them a spreadsheet would run.

/** The fields of a CSV text (BOM dropped), quoted fields unquoted. */
export function csvFields(text: string): string[] {
  const fields: string[] = [];
  const body = text.replace(/^\uFEFF/, "");
  let i = 0;
  while (i <= body.length) {
    if (body[i] === '"') {
      let value = "";
      i++;
      while (i < body.length) {
        if (body[i] === '"' && body[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (body[i] === '"') {
          i++;
          break;
        } else value += body[i++];
      }
      fields.push(value);
    } else {
      let end = i;
      while (end < body.length && body[end] !== "," && body[end] !== "\r" && body[end] !== "\n") end++;
      fields.push(body.slice(i, end));
      i = end;
    }
    if (body[i] === "\r" && body[i + 1] === "\n") i += 2;
    else i++;
  }
  return fields;
}

/** A field Excel or LibreOffice would evaluate as a formula (numbers excepted). */
export function isLiveFormula(field: string): boolean {
  if (/^-?\d+(\.\d+)?$/.test(field)) return false;
  return /^[=+\-@\t\r＝＋－＠]/u.test(field);
}
