import { beforeAll, describe, expect, it } from "vitest";
import { getTokenizer, type JapaneseTokenizer, splitTopics } from "../../src/nlp/index.js";

let tokenizer: JapaneseTokenizer;
beforeAll(async () => {
  tokenizer = await getTokenizer();
});

describe("splitTopics", () => {
  it("cuts at と, や and 、 joining nouns", () => {
    expect(splitTopics(tokenizer, "防災訓練と空き店舗の活用、それぞれどうなった？")).toEqual([
      "防災訓練",
      "空き店舗の活用",
      "それぞれどうなった？",
    ]);
    expect(splitTopics(tokenizer, "市民活動保険やフォトコンテストは実施された？")).toEqual([
      "市民活動保険",
      "フォトコンテストは実施された？",
    ]);
  });

  it("keeps と of company and a question without joins whole", () => {
    expect(splitTopics(tokenizer, "学校が防災訓練を地域と一緒にやってる？")).toHaveLength(1);
    expect(splitTopics(tokenizer, "市民大学校について教えて")).toEqual(["市民大学校について教えて"]);
  });
});
