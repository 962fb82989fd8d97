import { describe, expect, it } from "vitest";
import { followUpCue, MAX_FOLLOW_UP_LENGTH } from "../../src/conversation/index.js";

describe("follow-up cues", () => {
  it.each([
    ["担当課は？", "department"],
    ["どこの課がやってるの？", "department"],
    ["それっていつのこと？", "years"],
    ["今も続いてる？", "status"],
    ["もっと詳しく", "details"],
    ["同じ課のほかの事業は？", "same-department"],
    ["同じ施策のほかの事業は？", "same-measure"],
    ["その中で未実施のは？", "narrow"],
    ["未実施のは？", "narrow"],
    ["どれ？", "which"],
    ["英語で", "english"],
    ["in English please", "english"],
    ["次の10件", "next-page"],
    ["今後やる予定は？", "status"],
    ["全部見せて", "details"],
    ["似たような事業はある？", "same-measure"],
    ["実施済みだけ見せて", "narrow"],
    ["一覧で見せて", "which"],
    ["Which department?", "department"],
    ["その担当課は？", "department"],
    ["その課の事業は？", "same-department"],
    ["他に何がある？", "same-measure"],
  ])("%s asks %s", (message, operation) => {
    expect(followUpCue(message)?.operation).toBe(operation);
  });

  it("keeps the words that ask, so that they are not taken for a topic", () => {
    expect(followUpCue("同じ施策のほかの事業は？")?.cue).toContain("同じ施策");
  });

  it("reads no cue in a plain question or a long message", () => {
    expect(followUpCue("市民活動保険って何？")).toBeNull();
    expect(followUpCue("")).toBeNull();
    expect(followUpCue(`${"あ".repeat(MAX_FOLLOW_UP_LENGTH)}担当は？`)).toBeNull();
  });
});
