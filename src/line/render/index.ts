export {
  decodeFollowRequest,
  encodeFollowRequest,
  FOLLOW_LABELS,
  FOLLOW_LIST_TEXT,
  type FollowRequest,
  type FollowState,
  isFollowData,
} from "./follow-button.js";
export { decodeFollowUp, encodeFollowUp, FOLLOW_UP_PREFIX } from "./follow-up.js";
export { renderHtml } from "./html.js";
export { LINE_LIMITS, truncate } from "./limits.js";
export { renderNews } from "./news.js";
export { readableText } from "./readable.js";
export { type RenderOptions, renderAnswer } from "./render.js";
