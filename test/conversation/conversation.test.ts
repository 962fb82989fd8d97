import { beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/index.js";
import {
  type ChatStateStore,
  createConversations,
  createMemoryChatStateStore,
} from "../../src/conversation/index.js";
import { renderAnswer } from "../../src/line/index.js";
import { createPipeline, type Pipeline } from "../eval/pipeline.js";
import { firstMessageText } from "../eval/score.js";

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await createPipeline();
});

const textOf = (answer: Answer) => firstMessageText(renderAnswer(answer));
const LABELS = ["実施あり", "未実施", "記載なし"];

function chats(options: { now?: () => number; store?: ChatStateStore } = {}) {
  const now = options.now ?? Date.now;
  return createConversations({
    answerer: pipeline.answerer,
    store: options.store ?? createMemoryChatStateStore({ maxEntries: 100, now }),
    ttlSeconds: 600,
    now,
  });
}

describe("conversations", () => {
  it("answers a follow-up about the previous answer and says which topic it took", async () => {
    const conversations = chats();
    await conversations.ask("user:a", "景観写真展はやった？");
    const { answer, resolvedAgainst } = await conversations.ask("user:a", "担当は？");
    expect(resolvedAgainst?.topic.projectIds).toEqual(["2-1-4-1"]);
    const text = textOf(answer);
    expect(text).toContain("景観写真展の開催」の事業について）");
    expect(text).toContain("都市計画課");
  });

  it("keeps each chat's topic apart", async () => {
    const conversations = chats();
    await conversations.ask("user:a", "景観写真展はやった？");
    await conversations.ask("user:b", "市民活動保険って何？");
    expect(textOf((await conversations.ask("user:a", "担当は？")).answer)).toContain("景観写真展");
    expect(textOf((await conversations.ask("user:b", "担当は？")).answer)).toContain("市民活動保険");
  });

  it("answers a message with a topic of its own as a new question", async () => {
    const conversations = chats();
    await conversations.ask("user:a", "景観写真展はやった？");
    const { answer, resolvedAgainst } = await conversations.ask("user:a", "空き店舗の担当は？");
    expect(resolvedAgainst).toBeNull();
    expect(answer.followUpOf).toBeUndefined();
    expect(textOf(answer)).toContain("空き店舗");
    expect(textOf(answer)).not.toContain("景観");
  });

  it("takes a stray plan word that finds nothing on its own for no topic (「それはいつ頃の話？」)", async () => {
    const conversations = chats();
    await conversations.ask("user:a", "景観写真展はやった？");
    const { answer, resolvedAgainst } = await conversations.ask("user:a", "それはいつ頃の話？");
    expect(resolvedAgainst).not.toBeNull();
    expect(textOf(answer)).toContain("景観写真展");
  });

  it("answers an English follow-up in English about the previous topic", async () => {
    const conversations = chats();
    await conversations.ask("user:a", "Was the landscape photo exhibition held?");
    const { answer } = await conversations.ask("user:a", "Which department?");
    expect(answer).toMatchObject({
      kind: "english",
      followUpOf: { label: expect.stringContaining("景観写真展") },
    });
    expect(textOf(answer)).toContain("not yet carried out");
    expect(textOf(answer)).toContain("都市計画課");
  });

  it("never takes a topic the plan lacks for the previous one (「ゴミの収集日はいつ？」)", async () => {
    const conversations = chats();
    await conversations.ask("user:a", "景観写真展はやった？");
    const { answer, resolvedAgainst } = await conversations.ask("user:a", "ゴミの収集日はいつ？");
    expect(resolvedAgainst).toBeNull();
    for (const label of LABELS) expect(textOf(answer)).not.toContain(label);
  });

  it("shows the list again rather than an empty page past its end", async () => {
    const conversations = chats();
    await conversations.ask("user:a", "総務課の未実施の事業は？");
    const { answer } = await conversations.ask("user:a", "次の10件");
    expect(answer).toMatchObject({ kind: "list", offset: 0, total: 6 });
  });

  it("names a share's topic by what it counted", async () => {
    const conversations = chats();
    await conversations.ask("user:a", "何割くらい実施できたの？");
    const { answer } = await conversations.ask("user:a", "どれ？");
    expect(textOf(answer)).toContain("（実施ありの事業について）");
  });

  it("says what can be asked once the topic has expired, with no status label", async () => {
    let now = 0;
    const conversations = chats({ now: () => now });
    await conversations.ask("user:a", "景観写真展はやった？");
    now += 600_001;
    const { answer, resolvedAgainst } = await conversations.ask("user:a", "担当は？");
    expect(resolvedAgainst).toBeNull();
    expect(answer.kind).toBe("no-match");
    for (const label of LABELS) expect(textOf(answer)).not.toContain(label);
  });

  it("narrows the previous list with the follow-up's own status", async () => {
    const conversations = chats();
    await conversations.ask("user:a", "総務課の事業は？");
    const { answer } = await conversations.ask("user:a", "その中で未実施のは？");
    expect(answer).toMatchObject({ kind: "list", total: 6 });
    expect(textOf(answer)).not.toContain("実施あり");
  });

  it("narrows a measure answered as a whole to its projects with that status", async () => {
    const conversations = chats();
    expect((await conversations.ask("user:a", "協働事業提案制度はどうなった？")).answer.kind).toBe("level");
    const { answer } = await conversations.ask("user:a", "その中で未実施のは？");
    expect(answer).toMatchObject({ kind: "list", total: 2, query: { within: "3-2-2" } });
  });

  it("forgets the topic after an answer that found nothing, not after thanks", async () => {
    const conversations = chats();
    await conversations.ask("user:a", "景観写真展はやった？");
    await conversations.ask("user:a", "ありがとう");
    expect((await conversations.ask("user:a", "担当は？")).resolvedAgainst).not.toBeNull();
    await conversations.ask("user:a", "ゴミ収集車の色は？");
    expect((await conversations.ask("user:a", "担当は？")).resolvedAgainst).toBeNull();
  });

  it("answers alone when the store fails, and reports the failure", async () => {
    const errors: unknown[] = [];
    const broken: ChatStateStore = {
      get: async () => {
        throw new Error("store down");
      },
      set: async () => {
        throw new Error("store down");
      },
      delete: async () => {},
    };
    const conversations = createConversations({
      answerer: pipeline.answerer,
      store: broken,
      ttlSeconds: 600,
      onStoreError: (error) => errors.push(error),
    });
    expect((await conversations.ask("user:a", "景観写真展はやった？")).answer.kind).toBe("project");
    expect((await conversations.ask("user:a", "担当は？")).answer.kind).toBe("no-match");
    expect(errors).toHaveLength(2);
  });
});
