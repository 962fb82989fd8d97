// No news at night: 21:00–8:00 Japan time (JST, UTC+9 all year) unless the sender forces it.

export interface QuietHours {
  /** Hour (JST) quiet begins, 0–23. */
  from: number;
  /** Hour (JST) sending may start again, 0–23. */
  until: number;
}

export const QUIET_HOURS: QuietHours = { from: 21, until: 8 };

const JST_OFFSET_HOURS = 9;

export function japanHour(at: Date): number {
  return (at.getUTCHours() + JST_OFFSET_HOURS) % 24;
}

export function isQuietHour(at: Date, quiet: QuietHours = QUIET_HOURS): boolean {
  const hour = japanHour(at);
  return quiet.from > quiet.until
    ? hour >= quiet.from || hour < quiet.until
    : hour >= quiet.from && hour < quiet.until;
}
