export { editionLabel, type LatestNews, latestNews } from "./edition-news.js";
export {
  createDatabaseFollowStore,
  type FollowedProject,
  type Follower,
  type FollowOutcome,
  type FollowStore,
  MAX_FOLLOWS_PER_CITIZEN,
  type PlannedBatch,
  type SendRow,
} from "./follow-store.js";
export { isQuietHour, QUIET_HOURS, type QuietHours } from "./quiet-hours.js";
export {
  createNewsSender,
  type EditionNews,
  type NewsSender,
  type NewsSenderDeps,
  type NotifyPreview,
  type SendOutcome,
  type SendProgress,
} from "./sender.js";
