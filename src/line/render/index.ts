export { decodeFollowUp, encodeFollowUp } from "./follow-up.js";
export { LINE_LIMITS, truncate } from "./limits.js";
export { readableText } from "./readable.js";
export { renderAnswer } from "./render.js";
