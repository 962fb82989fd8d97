import { describe, expect, it } from "vitest";
import { decodeFollowUp, encodeFollowUp } from "../../src/line/render/index.js";

describe("follow-up postback data", () => {
  it.each([
    { kind: "detail", id: "2-1-2-1" } as const,
    { kind: "page", question: "市民活動支援課の事業は？", offset: 10 } as const,
    { kind: "page", question: "a|b|c", offset: 0 } as const,
  ])("round-trips %j", (followUp) => {
    const data = encodeFollowUp(followUp);
    expect(data).not.toBeNull();
    expect(decodeFollowUp(data)).toEqual(followUp);
  });

  it("refuses what does not fit 300 characters", () => {
    expect(encodeFollowUp({ kind: "page", question: "あ".repeat(300), offset: 0 })).toBeNull();
  });

  it.each([
    null,
    42,
    "",
    "garbage",
    "a1|d|",
    "a1|d|1-1; drop",
    "a1|d|1-1|x",
    "a1|p|-1|q",
    "a1|p|10|",
    "a1|p|x|q",
    "a2|d|1-1-1-1",
    `a1|p|1|${"q".repeat(400)}`,
  ])("decodes %j to null", (data) => {
    expect(decodeFollowUp(data)).toBeNull();
  });
});
