// FollowUp ⇄ postback data (≤ 300 characters). Data comes back from the network: decode trusts nothing.
import type { FollowUp } from "../../answer/index.js";
import { LINE_LIMITS } from "./limits.js";

const PREFIX = "a1";
const SEPARATOR = "|";
const PROJECT_ID = /^\d{1,3}(?:-\d{1,3}){0,5}$/;
const MAX_OFFSET = 100_000;

/** Null when the follow-up does not fit LINE's postback data. */
export function encodeFollowUp(followUp: FollowUp): string | null {
  const data =
    followUp.kind === "detail"
      ? [PREFIX, "d", followUp.id].join(SEPARATOR)
      : [PREFIX, "p", String(followUp.offset), followUp.question].join(SEPARATOR);
  return data.length <= LINE_LIMITS.postbackDataLength ? data : null;
}

/** The follow-up a postback carries; null for anything this bot did not encode. */
export function decodeFollowUp(data: unknown): FollowUp | null {
  if (typeof data !== "string" || data.length > LINE_LIMITS.postbackDataLength) return null;
  const [prefix, kind, first, ...rest] = data.split(SEPARATOR);
  if (prefix !== PREFIX || first === undefined) return null;
  if (kind === "d") {
    return rest.length === 0 && PROJECT_ID.test(first) ? { kind: "detail", id: first } : null;
  }
  if (kind === "p") {
    if (!/^\d{1,6}$/.test(first)) return null;
    const offset = Number(first);
    const question = rest.join(SEPARATOR);
    if (offset > MAX_OFFSET || question.trim().length === 0) return null;
    return { kind: "page", question, offset };
  }
  return null;
}
