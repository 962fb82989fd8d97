// A whole message → its asking sentence: greetings, thanks, self-introductions and apologies dropped.
import { describe, expect, it } from "vitest";
import { MAX_QUESTION_LENGTH, readMessage } from "../../src/nlp/index.js";
import { HOSTILE_QUESTIONS, LINE_TEXT_MAX } from "../support/hostile-inputs.js";

describe("readMessage", () => {
  it("finds the question after a greeting, a self-introduction and an apology", () => {
    const read = readMessage(
      "いつもお世話になっております。白井市在住の者です。突然すみません。防災訓練は実施されましたか？",
    );
    expect(read).toEqual({ question: "防災訓練は実施されましたか？", context: null, unread: 0 });
  });

  it("drops social clauses joined to the question by 、", () => {
    expect(readMessage("恐れ入りますが、全体の進捗を教えていただけますか。").question).toBe(
      "全体の進捗を教えていただけますか。",
    );
    expect(readMessage("私は自治会の役員をしている者ですが、チラシは配っていますか？").question).toBe(
      "チラシは配っていますか？",
    );
    expect(readMessage("ところで、空き店舗の活用はどうなっていますか？").question).toBe(
      "空き店舗の活用はどうなっていますか？",
    );
  });

  it("takes the asking sentence even when thanks or a closing follow it", () => {
    expect(readMessage("タウンミーティングは開かれましたか？よろしくお願いします。").question).toBe(
      "タウンミーティングは開かれましたか？",
    );
    expect(readMessage("景観条例はできた？ありがとうございます！").question).toBe("景観条例はできた？");
  });

  it("prefers the last sentence that asks over a later statement", () => {
    const read = readMessage("写真が趣味です。景観条例は制定されましたか？梨の花がきれいでした。");
    expect(read.question).toBe("景観条例は制定されましたか？");
    expect(read.context).toBe("写真が趣味です。");
  });

  it("keeps the sentence before the question as context, never a self-introduction", () => {
    expect(readMessage("防災訓練について知りたいです。いつですか？").context).toBe(
      "防災訓練について知りたいです。",
    );
    expect(readMessage("白井市在住の者です。いつですか？").context).toBeNull();
  });

  it("reads an English message by its sentences", () => {
    const read = readMessage(
      "Hello, I moved to Shiroi last year. Sorry for the long message. Did the city hold disaster drills?",
    );
    expect(read.question).toBe("Did the city hold disaster drills?");
  });

  it("gives a message of greetings only as its first greeting, for the greeting reply", () => {
    expect(readMessage("こんにちは。白井市在住の者です。").question).toBe("こんにちは。");
    expect(readMessage("ありがとうございました！").question).toBe("ありがとうございました！");
  });

  it("leaves unpunctuated and spaced input as one sentence", () => {
    expect(readMessage("ぼうさい くんれん は じっし されましたか").question).toBe(
      "ぼうさい くんれん は じっし されましたか",
    );
  });

  it("reads a long message's last sentence, whatever comes before it", () => {
    const story = "白井市に引っ越してきて十年ほどになります。子どもたちも大きくなりました。".repeat(200);
    const message = `${story}政策法務研修は実施されていますか？`.slice(-LINE_TEXT_MAX);
    expect(message.length).toBe(LINE_TEXT_MAX);
    expect(readMessage(message)).toMatchObject({ question: "政策法務研修は実施されていますか？", unread: 0 });
  });

  it("reads a sentence too long for the analysis from its end, and counts what it left", () => {
    const sentence = `${"あ".repeat(LINE_TEXT_MAX - 12)} 防災訓練は実施された？`;
    const read = readMessage(sentence);
    expect(read.question.length).toBeLessThanOrEqual(MAX_QUESTION_LENGTH);
    expect(read.question.endsWith("防災訓練は実施された？")).toBe(true);
    expect(read.unread).toBe(sentence.length - read.question.length);
  });

  it.each(Object.entries(HOSTILE_QUESTIONS))("bounds what it gives of %s", (_name, text) => {
    const read = readMessage(text);
    expect(read.question.length).toBeLessThanOrEqual(MAX_QUESTION_LENGTH);
    expect((read.context ?? "").length).toBeLessThanOrEqual(MAX_QUESTION_LENGTH);
  });
});
