import { describe, expect, it } from "vitest";
import { classifyEvent } from "../../src/line/events.js";
import {
  emojiTextEvent,
  followEvent,
  imageEvent,
  joinEvent,
  leaveEvent,
  locationEvent,
  memberJoinedEvent,
  mentionedGroupEvent,
  otherMentionGroupEvent,
  postbackEvent,
  standbyTextEvent,
  stickerEvent,
  textEvent,
  unfollowEvent,
  unknownTypeEvent,
  unsendEvent,
} from "../support/webhook-fixtures.js";

describe("classifyEvent", () => {
  it("answers text in a 1:1 chat, trimmed", () => {
    const event = textEvent("  防災訓練は実施された？ ");
    expect(classifyEvent(event)).toEqual({
      kind: "answer",
      replyToken: event.replyToken,
      question: "防災訓練は実施された？",
    });
  });

  it("answers in a group only when the bot is mentioned, without the mention", () => {
    expect(classifyEvent(mentionedGroupEvent("防災訓練は実施された？"))).toMatchObject({
      kind: "answer",
      question: "防災訓練は実施された？",
    });
    expect(classifyEvent(textEvent("防災訓練は？", { source: "group" }))).toEqual({
      kind: "ignore",
      reason: "not mentioned",
    });
    expect(classifyEvent(textEvent("防災訓練は？", { source: "room" }))).toMatchObject({ kind: "ignore" });
    expect(classifyEvent(otherMentionGroupEvent())).toMatchObject({
      kind: "ignore",
      reason: "not mentioned",
    });
  });

  it("strips a mention in the middle by index and length (UTF-16 units)", () => {
    const event = mentionedGroupEvent("x");
    const message = event.message;
    if (message.type !== "text" || !message.mention) throw new Error("fixture");
    message.text = "😀 @白井市プラン 未実施は何件？";
    message.mention.mentionees = [{ type: "user", index: 3, length: 7, isSelf: true }];
    expect(classifyEvent(event)).toMatchObject({ kind: "answer", question: "😀  未実施は何件？" });
  });

  it("asks for words when only the mention is sent", () => {
    expect(classifyEvent(mentionedGroupEvent(""))).toMatchObject({ kind: "canned", canned: "help" });
  });

  it("keeps emoji text as is", () => {
    expect(classifyEvent(emojiTextEvent())).toMatchObject({
      kind: "answer",
      question: "$ 防災訓練は実施された？😀",
    });
  });

  it("answers sticker, image and location with the non-text reply", () => {
    for (const event of [stickerEvent(), imageEvent(), locationEvent()]) {
      expect(classifyEvent(event)).toMatchObject({ kind: "canned", canned: "non-text" });
    }
  });

  it("ignores stickers and images posted in a group: they cannot mention the bot", () => {
    const group = { type: "group" as const, groupId: "Cgroup", userId: "Uuser" };
    for (const event of [stickerEvent(), imageEvent()]) {
      expect(classifyEvent({ ...event, source: group })).toEqual({ kind: "ignore", reason: "not mentioned" });
    }
  });

  it("greets on follow, introduces on join, decodes postbacks", () => {
    expect(classifyEvent(followEvent())).toMatchObject({ kind: "canned", canned: "greeting" });
    expect(classifyEvent(joinEvent())).toMatchObject({ kind: "canned", canned: "intro" });
    expect(classifyEvent(postbackEvent("detail:1-1-1-1"))).toMatchObject({
      kind: "follow-up",
      data: "detail:1-1-1-1",
    });
  });

  it("ignores leave, memberJoined, unsend, unknown types and standby; unfollow clears follows", () => {
    expect(classifyEvent(unfollowEvent())).toEqual({ kind: "unfollow" });
    for (const event of [leaveEvent(), memberJoinedEvent(), unsendEvent(), unknownTypeEvent()]) {
      expect(classifyEvent(event)).toMatchObject({ kind: "ignore", reason: "event type" });
    }
    expect(classifyEvent(standbyTextEvent("防災訓練は？"))).toEqual({ kind: "ignore", reason: "standby" });
  });

  it("marks malformed events invalid instead of throwing", () => {
    const noToken = { ...textEvent("a"), replyToken: undefined };
    for (const event of [
      null,
      42,
      "x",
      [],
      {},
      { type: "message" },
      { type: "message", message: "x" },
      noToken,
    ]) {
      expect(classifyEvent(event).kind).toBe("invalid");
    }
    expect(classifyEvent({ ...postbackEvent("a"), postback: {} }).kind).toBe("invalid");
  });
});
