import { describe, expect, it } from "vitest";
import { verifySignature } from "../../src/line/signature.js";
import {
  CHANNEL_SECRET,
  callbackBody,
  emojiTextEvent,
  sign,
  textEvent,
} from "../support/webhook-fixtures.js";

describe("verifySignature", () => {
  it("accepts a multibyte body signed over its UTF-8 bytes", () => {
    const body = callbackBody([textEvent("防災訓練は実施された？")]);
    expect(verifySignature(Buffer.from(body, "utf8"), CHANNEL_SECRET, sign(body))).toBe(true);
  });

  it("accepts a \\uXXXX-escaped body, and rejects the same JSON re-serialized", () => {
    const raw = callbackBody([emojiTextEvent()], { escapeNonAscii: true });
    expect(raw).toContain("\\ud83d\\ude00");
    const signature = sign(raw);
    expect(verifySignature(Buffer.from(raw), CHANNEL_SECRET, signature)).toBe(true);
    const reserialized = JSON.stringify(JSON.parse(raw));
    expect(reserialized).not.toBe(raw);
    expect(verifySignature(Buffer.from(reserialized), CHANNEL_SECRET, signature)).toBe(false);
  });

  it("rejects a missing, empty, garbage or wrong-secret signature and a changed body", () => {
    const body = callbackBody([textEvent("こんにちは")]);
    const raw = Buffer.from(body);
    expect(verifySignature(raw, CHANNEL_SECRET, undefined)).toBe(false);
    expect(verifySignature(raw, CHANNEL_SECRET, "")).toBe(false);
    expect(verifySignature(raw, CHANNEL_SECRET, "not base64 at all!")).toBe(false);
    expect(verifySignature(raw, CHANNEL_SECRET, ["a", "b"])).toBe(false);
    expect(verifySignature(raw, CHANNEL_SECRET, sign(body, "another-secret"))).toBe(false);
    expect(verifySignature(Buffer.from(`${body} `), CHANNEL_SECRET, sign(body))).toBe(false);
  });
});
