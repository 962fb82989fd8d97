// Phone typing reaches the written form through the plan's readings, over the seed edition.
import { beforeAll, describe, expect, it } from "vitest";
import { createPhoneTyping, getTokenizer, type PhoneTyping } from "../../src/nlp/index.js";
import { seedEdition } from "../eval/pipeline.js";

let phone: PhoneTyping;
beforeAll(async () => {
  const edition = await seedEdition();
  phone = createPhoneTyping(
    await getTokenizer(),
    new Map(Object.entries(edition.vocabulary.planReadings ?? {})),
  );
});

describe("phone typing", () => {
  it("reads spaced hiragana as whole phrases, across the spaces", () => {
    expect(phone.written("ぼうさい くんれん は じっし されましたか")).toBe("防災訓練は実施されましたか");
    expect(phone.written("ちいき たんとう しょくいん は はいち された")).toBe("地域担当職員は配置された");
  });

  it("reads katakana-only input, keeping the plan's katakana words", () => {
    expect(phone.written("ボウサイクンレン ハ ヤッテル")).toBe("防災訓練はやってる");
    expect(phone.written("ホームページハイツリニューアルシタノ").startsWith("ホームページはいつ")).toBe(true);
  });

  it("reads katakana with no spaces at all by the longest reading at each place", () => {
    expect(phone.written("ケイカンシャシンテンハヤッタ")).toBe("景観写真展はやった");
    expect(phone.written("ミジッシノジギョウハナンケン")).toBe("未実施の事業は何件");
  });

  it("writes the question words the plan lacks", () => {
    expect(phone.written("みじっし の じぎょう は なんけん")).toBe("未実施の事業は何件");
  });

  it("keeps kana a reading cannot decide (ほけん: 保健 or 保険) for the word analysis", () => {
    expect(phone.written("ほけん")).toBe("ほけん");
  });

  it("leaves written questions and English alone", () => {
    expect(phone.written("防災訓練は実施された？")).toBe("防災訓練は実施された？");
    expect(phone.written("フォトコンテストはいつあった？")).toBe("フォトコンテストはいつあった？");
    expect(phone.written("Did the city hold disaster drills?")).toBe("Did the city hold disaster drills?");
  });
});
