// A report period as staff choose it: the last 7, 30 or 90 days, everything, or dates (Japan time).

export interface Period {
  since: Date | null;
  until: Date | null;
  /** What the form shows: "7" | "30" | "90" | "all" | "dates". */
  choice: string;
  /** YYYY-MM-DD in Japan time, for the date fields. */
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const JST_MS = 9 * 3_600_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD of a time, in Japan. */
export function japanDay(time: Date): string {
  return new Date(time.getTime() + JST_MS).toISOString().slice(0, 10);
}

/** The start of a Japan day. */
function startOf(day: string): Date | null {
  const time = Date.parse(`${day}T00:00:00+09:00`);
  return DATE.test(day) && Number.isFinite(time) ? new Date(time) : null;
}

export function periodOf(query: Record<string, unknown>, now = new Date()): Period {
  const today = japanDay(now);
  const text = (name: string) => (typeof query[name] === "string" ? (query[name] as string) : "");
  const choice = text("period") || "30";
  if (choice === "dates") {
    const since = startOf(text("from"));
    const last = startOf(text("to"));
    const until = last ? new Date(last.getTime() + DAY_MS) : null;
    return { since, until, choice, from: since ? text("from") : "", to: last ? text("to") : "" };
  }
  if (choice === "all") return { since: null, until: null, choice, from: "", to: today };
  const days = ["7", "30", "90"].includes(choice) ? Number(choice) : 30;
  const since = startOf(japanDay(new Date(now.getTime() - (days - 1) * DAY_MS)));
  return { since, until: null, choice: String(days), from: since ? japanDay(since) : "", to: today };
}

/** The query string that names the same period, for links and downloads. */
export function periodQuery(period: Period): string {
  const params = new URLSearchParams({ period: period.choice });
  if (period.choice === "dates") {
    params.set("from", period.from);
    params.set("to", period.to);
  }
  return params.toString();
}
