// Webhook bodies written from LINE's webhook schema (@line/bot-sdk `webhook` types), and signing helpers.
import { createHmac } from "node:crypto";
import type { webhook } from "@line/bot-sdk";
import type { Answerer } from "../../src/answer/index.js";

export const CHANNEL_SECRET = "test-channel-secret-0123456789ab";
export const CHANNEL_ACCESS_TOKEN = "test-access-token";
export const BOT_USER_ID = "U0000000000000000000000000000bot0";
export const CITIZEN_USER_ID = "U4af4980629a0b1c2d3e4f5a6b7c8d9e0";

let sequence = 0;
/** A fresh ULID-like webhookEventId. */
export function eventId(): string {
  sequence += 1;
  return `01HZ${String(sequence).padStart(22, "0")}`;
}

function base(mode: "active" | "standby" = "active") {
  return {
    timestamp: 1_700_000_000_000,
    mode,
    webhookEventId: eventId(),
    deliveryContext: { isRedelivery: false },
  } as const;
}

const userSource = { type: "user", userId: CITIZEN_USER_ID } as const;
const groupSource = {
  type: "group",
  groupId: "Ca56f94637c0000000000000000000000",
  userId: CITIZEN_USER_ID,
} as const;

export function replyToken(): string {
  return `rt-${eventId()}`;
}

/** A message event: the envelope every message fixture shares, around its own message. */
function messageEvent(
  message: webhook.MessageEvent["message"],
  source: webhook.MessageEvent["source"] = userSource,
): webhook.MessageEvent {
  return { ...base(), type: "message", source, replyToken: replyToken(), message };
}

export function textEvent(
  text: string,
  options: { source?: "user" | "group" | "room" } = {},
): webhook.MessageEvent {
  const source =
    options.source === "group"
      ? groupSource
      : options.source === "room"
        ? ({ type: "room", roomId: "Ra8dbf4673c0000000000000000000000", userId: CITIZEN_USER_ID } as const)
        : userSource;
  return messageEvent({ id: "468789577898262530", type: "text", text, quoteToken: "q3Plxr4AgKd" }, source);
}

/** A group message that mentions the bot at the start: "@白井市プラン 防災訓練は実施された？". */
export function mentionedGroupEvent(question: string, botName = "@白井市プラン"): webhook.MessageEvent {
  const text = `${botName} ${question}`;
  return messageEvent(
    {
      id: "468789577898262531",
      type: "text",
      text,
      quoteToken: "q3Plxr4AgKe",
      mention: {
        mentionees: [{ type: "user", index: 0, length: botName.length, userId: BOT_USER_ID, isSelf: true }],
      },
    },
    groupSource,
  );
}

/** A group message that mentions someone else. */
export function otherMentionGroupEvent(): webhook.MessageEvent {
  return messageEvent(
    {
      id: "468789577898262532",
      type: "text",
      text: "@たなか 防災訓練は？",
      quoteToken: "q3Plxr4AgKf",
      mention: {
        mentionees: [{ type: "user", index: 0, length: 4, userId: CITIZEN_USER_ID, isSelf: false }],
      },
    },
    groupSource,
  );
}

/** Text with a LINE emoji and a Unicode emoji; LINE sends the latter as \uXXXX escapes. */
export function emojiTextEvent(): webhook.MessageEvent {
  return messageEvent({
    id: "468789577898262533",
    type: "text",
    text: "$ 防災訓練は実施された？😀",
    quoteToken: "q3Plxr4AgKg",
    emojis: [{ index: 0, length: 1, productId: "5ac1bfd5040ab15980c9b435", emojiId: "001" }],
  });
}

export function stickerEvent(): webhook.MessageEvent {
  return messageEvent({
    id: "468789577898262534",
    type: "sticker",
    packageId: "446",
    stickerId: "1988",
    stickerResourceType: "STATIC",
    quoteToken: "q3Plxr4AgKh",
  });
}

export function imageEvent(): webhook.MessageEvent {
  return messageEvent({
    id: "468789577898262535",
    type: "image",
    contentProvider: { type: "line" },
    quoteToken: "q3Plxr4AgKi",
  });
}

export function locationEvent(): webhook.MessageEvent {
  return messageEvent({
    id: "468789577898262536",
    type: "location",
    title: "白井市役所",
    address: "千葉県白井市復1123",
    latitude: 35.7915,
    longitude: 140.0564,
  });
}

export function followEvent(): webhook.FollowEvent {
  return {
    ...base(),
    type: "follow",
    source: userSource,
    replyToken: replyToken(),
    follow: { isUnblocked: false },
  };
}

export function unfollowEvent(): webhook.UnfollowEvent {
  return { ...base(), type: "unfollow", source: userSource };
}

export function joinEvent(): webhook.JoinEvent {
  return { ...base(), type: "join", source: groupSource, replyToken: replyToken() };
}

export function leaveEvent(): webhook.LeaveEvent {
  return { ...base(), type: "leave", source: groupSource };
}

/** A tap on a postback button, in a 1:1 chat or (as LINE sends it, with no mention) in a group. */
export function postbackEvent(data: string, where: "user" | "group" = "user"): webhook.PostbackEvent {
  const source = where === "group" ? groupSource : userSource;
  return { ...base(), type: "postback", source, replyToken: replyToken(), postback: { data } };
}

export function memberJoinedEvent(): webhook.MemberJoinedEvent {
  return {
    ...base(),
    type: "memberJoined",
    source: groupSource,
    replyToken: replyToken(),
    joined: { members: [{ type: "user", userId: CITIZEN_USER_ID }] },
  };
}

export function unsendEvent(): webhook.UnsendEvent {
  return { ...base(), type: "unsend", source: userSource, unsend: { messageId: "468789577898262530" } };
}

/** The same event as LINE redelivers it: same webhookEventId, isRedelivery true. */
export function redelivered<T extends webhook.Event>(event: T): T {
  return { ...event, deliveryContext: { isRedelivery: true } };
}

export function standbyTextEvent(text: string): webhook.MessageEvent {
  return { ...textEvent(text), mode: "standby" };
}

/** A type LINE may add later. */
export function unknownTypeEvent(): Record<string, unknown> {
  return {
    ...base(),
    type: "futureThing",
    source: userSource,
    replyToken: replyToken(),
    futureThing: { x: 1 },
  };
}

/** The body LINE sends: `{ destination, events }`, serialized as LINE does (non-ASCII as \uXXXX). */
export function callbackBody(events: unknown[], options: { escapeNonAscii?: boolean } = {}): string {
  const json = JSON.stringify({ destination: BOT_USER_ID, events });
  return options.escapeNonAscii ? escapeNonAscii(json) : json;
}

export function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** base64(HMAC-SHA256(secret, body)), computed independently of the SDK. */
export function sign(body: string | Buffer, secret = CHANNEL_SECRET): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/**
 * Wraps the real answerer: records the questions it was asked, and fails on demand (a question
 * containing 例外) so tests can prove a failing answer never takes the server down.
 */
export function recordingAnswerer(inner: Answerer): Answerer & { questions: string[] } {
  const questions: string[] = [];
  return {
    questions,
    async answer(question) {
      questions.push(question);
      if (question.includes("例外")) throw new Error("answerer failed");
      return inner.answer(question);
    },
    followUp: (request) => inner.followUp(request),
    canned: (kind) => inner.canned(kind),
    project: (id) => inner.project(id),
  };
}
