// Scoring of the answer contract (../shared/eval/README.md). Pure.

export interface EvalQuestion {
  id: string;
  /** The message scored: the only one, or a conversation's last. */
  question: string;
  /** A conversation: every message sent in order, the last one being `question`; absent for one question. */
  turns?: string[];
  expect: { all: string[]; any?: string[]; none: string[] };
}

export interface EvalResult {
  id: string;
  /** The question, or a conversation's turns joined with →. */
  question: string;
  passed: boolean;
  missing: string[];
  forbidden: string[];
  /** What the scorer read from the first message. */
  text: string;
}

const COLLECTED_KEYS = new Set(["text", "altText", "label", "displayText"]);

function collect(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, out);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === "string") {
        if (COLLECTED_KEYS.has(key)) out.push(child);
      } else collect(child, out);
    }
  }
}

/** Every text/altText/label/displayText string of the first message, its quickReply left out. */
export function firstMessageText(messages: readonly unknown[]): string {
  const first = messages[0];
  if (first === null || typeof first !== "object") return "";
  const { quickReply: _dropped, ...rest } = first as Record<string, unknown>;
  const out: string[] = [];
  collect(rest, out);
  return out.join("\n");
}

export function scoreAnswer(question: EvalQuestion, messages: readonly unknown[]): EvalResult {
  const text = firstMessageText(messages);
  const missing = question.expect.all.filter((s) => !text.includes(s));
  const { any } = question.expect;
  if (any?.length && !any.some((s) => text.includes(s))) missing.push(`one of ${any.join(" / ")}`);
  const forbidden = question.expect.none.filter((s) => text.includes(s));
  return {
    id: question.id,
    question: question.turns?.join(" → ") ?? question.question,
    passed: missing.length === 0 && forbidden.length === 0,
    missing,
    forbidden,
    text,
  };
}

export function parseQuestions(jsonl: string): EvalQuestion[] {
  return jsonl
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      const value = JSON.parse(line) as Partial<EvalQuestion>;
      const turns = isTurns(value.turns) ? value.turns : undefined;
      const question = turns ? turns[turns.length - 1] : value.question;
      if (typeof value.id !== "string" || typeof question !== "string" || !value.expect) {
        throw new Error(`line ${i + 1}: not an eval question`);
      }
      return {
        id: value.id,
        question,
        ...(turns ? { turns } : {}),
        expect: {
          all: value.expect.all ?? [],
          ...(value.expect.any ? { any: value.expect.any } : {}),
          none: value.expect.none ?? [],
        },
      };
    });
}

function isTurns(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((turn) => typeof turn === "string");
}
