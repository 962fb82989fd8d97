// JSON schemas for the console's forms: every field a string, bounded; required unless optional.
// A form that lacks a field is refused with 400 before its handler runs. The CSRF token is checked
// after validation, by the CSRF plugin, which refuses a missing one with 403 itself.

type FieldSpec = number | { maxLength: number; optional?: boolean; minLength?: number; pattern?: string };

export function formSchema(fields: Record<string, FieldSpec>) {
  const properties: Record<
    string,
    { type: "string"; maxLength: number; minLength?: number; pattern?: string }
  > = {};
  const required: string[] = [];
  properties._csrf = { type: "string", maxLength: 200 };
  for (const [name, spec] of Object.entries(fields)) {
    const { maxLength, optional, minLength, pattern } = typeof spec === "number" ? { maxLength: spec } : spec;
    properties[name] = {
      type: "string",
      maxLength,
      ...(minLength === undefined ? {} : { minLength }),
      ...(pattern === undefined ? {} : { pattern }),
    };
    if (!optional) required.push(name);
  }
  return { type: "object", properties, required } as const;
}

/** A page's query string: every parameter optional, a bounded string. */
export function querySchema(fields: Record<string, number>) {
  const properties: Record<string, { type: "string"; maxLength: number }> = {};
  for (const [name, maxLength] of Object.entries(fields)) properties[name] = { type: "string", maxLength };
  return { type: "object", properties } as const;
}
