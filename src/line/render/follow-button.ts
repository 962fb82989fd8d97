// 「変わったらお知らせ」 on a project card, and the postbacks of お知らせ: follow, stop, list. Their data
// ("n1|…") lives beside the follow-ups ("f1:…") and feedback ("r1|…"); decode trusts nothing.
import type { messagingApi } from "@line/bot-sdk";
import { LINE_LIMITS } from "./limits.js";

const PREFIX = "n1|";
const PROJECT_ID = /^\d{1,3}(?:-\d{1,3}){0,5}$/;

export type FollowRequest =
  | { kind: "follow"; projectId: string }
  | { kind: "stop"; projectId: string }
  | { kind: "list" };

/** What a card knows of the citizen's follows; absent where following is not offered (groups, rooms). */
export interface FollowState {
  followed: ReadonlySet<string>;
}

export const FOLLOW_LABELS = {
  ja: { follow: "変わったらお知らせ", stop: "お知らせを止める" },
  en: { follow: "Notify me of changes (お知らせ)", stop: "Stop notices (お知らせを止める)" },
} as const;

/** The text 「お知らせの一覧」 (typed, or sent by the rich menu) asks for the list. */
export const FOLLOW_LIST_TEXT = "お知らせの一覧";

export function encodeFollowRequest(request: FollowRequest): string {
  const data =
    request.kind === "list"
      ? `${PREFIX}l`
      : `${PREFIX}${request.kind === "follow" ? "f" : "s"}|${request.projectId}`;
  if (data.length > LINE_LIMITS.postbackDataLength) throw new Error("follow postback too long");
  return data;
}

export function isFollowData(data: string): boolean {
  return data.startsWith(PREFIX);
}

export function decodeFollowRequest(data: string): FollowRequest | null {
  if (!isFollowData(data) || data.length > 40) return null;
  const [kind, projectId, ...rest] = data.slice(PREFIX.length).split("|");
  if (rest.length > 0) return null;
  if (kind === "l") return projectId === undefined ? { kind: "list" } : null;
  if ((kind !== "f" && kind !== "s") || !projectId || !PROJECT_ID.test(projectId)) return null;
  return { kind: kind === "f" ? "follow" : "stop", projectId };
}

export function followAction(
  projectId: string,
  state: FollowState,
  language: keyof typeof FOLLOW_LABELS = "ja",
): messagingApi.PostbackAction {
  const followed = state.followed.has(projectId);
  const label = followed ? FOLLOW_LABELS[language].stop : FOLLOW_LABELS[language].follow;
  return {
    type: "postback",
    label,
    data: encodeFollowRequest({ kind: followed ? "stop" : "follow", projectId }),
    displayText: followed ? FOLLOW_LABELS.ja.stop : FOLLOW_LABELS.ja.follow,
  };
}

/** The card's footer button; null where following is not offered. */
export function followButton(
  projectId: string,
  state: FollowState | undefined,
  language: keyof typeof FOLLOW_LABELS = "ja",
): messagingApi.FlexButton | null {
  if (!state) return null;
  return {
    type: "button",
    style: "secondary",
    height: "sm",
    action: followAction(projectId, state, language),
  };
}
