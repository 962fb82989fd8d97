// お知らせ in the chat: follow and stop from a project card, 「お知らせの一覧」, and forgetting a
// citizen who blocked the account. The follows themselves are kept by notify/ (a FollowBook here).
import type { messagingApi } from "@line/bot-sdk";
import type { Answerer } from "../answer/index.js";
import {
  decodeFollowRequest,
  encodeFollowRequest,
  FOLLOW_LABELS,
  FOLLOW_LIST_TEXT,
  type FollowRequest,
  type FollowState,
  LINE_LIMITS,
  truncate,
} from "./render/index.js";

type Message = messagingApi.Message;

/** Where follows are kept (notify's FollowStore fits). */
export interface FollowBook {
  follow(entry: {
    userId: string;
    userHash: string;
    projectId: string;
    title: string;
  }): Promise<"followed" | "already" | "limit">;
  stop(userHash: string, projectId: string): Promise<boolean>;
  followed(userHash: string): Promise<{ projectId: string; title: string }[]>;
  forget(userHash: string): Promise<number>;
}

export type FollowOutcome =
  | "followed"
  | "already"
  | "limit"
  | "stopped"
  | "not-followed"
  | "listed"
  | "unknown-project"
  | "not-one-to-one"
  | "invalid";

/** Who tapped: following is one citizen's own choice, so only in a one-to-one chat. */
export interface Tapper {
  userId: string | null;
  userHash: string | null;
  chat: "user" | "group" | "room" | "unknown";
}

export interface FollowResponder {
  /** The citizen's follows for the card's button; undefined where following is not offered. */
  stateFor(who: Tapper): Promise<FollowState | undefined>;
  respond(
    data: string | FollowRequest,
    who: Tapper,
  ): Promise<{ outcome: FollowOutcome; messages: Message[] }>;
  /** The citizen blocked the account: every follow goes. */
  forget(userHash: string): Promise<number>;
}

/** 「お知らせの一覧」, typed as is (spaces and full-width forms aside). */
export function asksFollowList(question: string): boolean {
  return question.normalize("NFKC").replace(/[\s。．.！!？?]/g, "") === FOLLOW_LIST_TEXT;
}

const ONLY_ONE_TO_ONE =
  "お知らせの登録は、ボットとの1対1のトークでできます（グループやルームでは登録できません）。";
const HOW_TO_FOLLOW = "事業についての答えにある「変わったらお知らせ」をタップすると登録できます。";

const text = (body: string, quickReply?: messagingApi.QuickReply): Message[] => [
  { type: "text", text: truncate(body, LINE_LIMITS.textLength), ...(quickReply ? { quickReply } : {}) },
];

function stopItem(projectId: string, name: string): messagingApi.QuickReplyItem {
  return {
    type: "action",
    action: {
      type: "postback",
      label: truncate(`止める：${name}`, LINE_LIMITS.quickReplyLabelLength),
      data: encodeFollowRequest({ kind: "stop", projectId }),
      displayText: truncate(`「${name}」の${FOLLOW_LABELS.ja.stop}`, LINE_LIMITS.displayTextLength),
    },
  };
}

export function createFollowResponder(deps: { book: FollowBook; answerer: Answerer }): FollowResponder {
  const { book, answerer } = deps;

  function project(id: string): { title: string; shortName: string } | null {
    const answer = answerer.project(id);
    return answer.kind === "project" ? answer.best : null;
  }

  async function list(userHash: string): Promise<Message[]> {
    const followed = await book.followed(userHash);
    if (followed.length === 0) return text(`お知らせを受け取っている事業はありません。${HOW_TO_FOLLOW}`);
    const names = followed.map((f) => ({ ...f, name: project(f.projectId)?.shortName ?? f.title }));
    const lines = [
      `お知らせを受け取っている事業（${followed.length}件）：`,
      ...names.map((f) => `・${f.title}`),
      "",
      "進捗一覧が更新されて、これらの事業の状況や取組が変わったときにお知らせします。止めるときは下のボタンをタップしてください。",
    ];
    const items = names.slice(0, LINE_LIMITS.quickReplyItems).map((f) => stopItem(f.projectId, f.name));
    return text(lines.join("\n"), { items });
  }

  return {
    async stateFor(who) {
      if (who.chat !== "user" || !who.userHash) return undefined;
      return { followed: new Set((await book.followed(who.userHash)).map((f) => f.projectId)) };
    },
    async respond(data, who) {
      const request = typeof data === "string" ? decodeFollowRequest(data) : data;
      if (!request) return { outcome: "invalid", messages: text("このボタンは、いまは使えません。") };
      if (who.chat !== "user" || !who.userId || !who.userHash)
        return { outcome: "not-one-to-one", messages: text(ONLY_ONE_TO_ONE) };
      if (request.kind === "list") return { outcome: "listed", messages: await list(who.userHash) };
      const found = project(request.projectId);
      if (request.kind === "stop") {
        const stopped = await book.stop(who.userHash, request.projectId);
        const name = found?.title ?? "この事業";
        return stopped
          ? { outcome: "stopped", messages: text(`「${name}」のお知らせを止めました。`) }
          : { outcome: "not-followed", messages: text(`「${name}」のお知らせは受け取っていません。`) };
      }
      if (!found)
        return {
          outcome: "unknown-project",
          messages: text("この事業は、いまの進捗一覧にはありません。あらためてご質問ください。"),
        };
      const outcome = await book.follow({
        userId: who.userId,
        userHash: who.userHash,
        projectId: request.projectId,
        title: found.title,
      });
      if (outcome === "limit")
        return {
          outcome,
          messages: text(
            "お知らせを受け取れる事業の数の上限に達しています。「お知らせの一覧」から止めてください。",
          ),
        };
      const stop = { items: [stopItem(request.projectId, found.shortName)] };
      return {
        outcome,
        messages: text(
          `${outcome === "already" ? "すでに登録されています：" : ""}進捗一覧の更新で「${found.title}」の状況や取組が変わったら、このトークでお知らせします（止めるには「お知らせを止める」、一覧は「お知らせの一覧」）。`,
          stop,
        ),
      };
    },
    forget: (userHash) => book.forget(userHash),
  };
}
