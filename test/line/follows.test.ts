// お知らせ in the chat: the card's button, follow and stop by postback, the list, groups refused,
// and postback data from the network trusted for nothing.
import { beforeAll, describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answer/index.js";
import { openDatabase } from "../../src/db/index.js";
import {
  asksFollowList,
  createFollowResponder,
  decodeFollowRequest,
  encodeFollowRequest,
  type FollowResponder,
  renderAnswer,
  type Tapper,
} from "../../src/line/index.js";
import { createDatabaseFollowStore, MAX_FOLLOWS_PER_CITIZEN } from "../../src/notify/index.js";
import { seedAnswerer } from "../support/answers.js";

const CITIZEN: Tapper = {
  userId: "U4af4980629a0b1c2d3e4f5a6b7c8d9e0",
  userHash: "0123456789abcdef",
  chat: "user",
};

function labels(messages: unknown): string[] {
  return [...JSON.stringify(messages).matchAll(/"label":"([^"]*)"/g)].map((m) => m[1] ?? "");
}

describe("お知らせ in the chat", () => {
  let answerer: Answerer;
  let follows: FollowResponder;
  let projectId: string;

  beforeAll(async () => {
    ({ answerer } = await seedAnswerer());
    follows = createFollowResponder({
      book: createDatabaseFollowStore(await openDatabase(":memory:")),
      answerer,
    });
    const answer = await answerer.answer("景観写真展は開催されましたか？");
    if (answer.kind !== "project") throw new Error(answer.kind);
    projectId = answer.best.id;
  });

  async function card(question: string, who = CITIZEN, format: "flex" | "text" = "flex") {
    const follow = await follows.stateFor(who);
    return renderAnswer(await answerer.answer(question), { format, ...(follow ? { follow } : {}) });
  }

  it("offers 「変わったらお知らせ」, confirms in one line, then offers to stop; stop brings it back", async () => {
    expect(labels(await card("景観写真展は開催されましたか？"))).toContain("変わったらお知らせ");
    const followed = await follows.respond(encodeFollowRequest({ kind: "follow", projectId }), CITIZEN);
    expect(followed.outcome).toBe("followed");
    const confirmation = followed.messages[0];
    expect(confirmation?.type === "text" && confirmation.text).toMatch(
      /^[^\n]*お知らせします[^\n]*お知らせを止める[^\n]*$/,
    );

    expect(labels(await card("景観写真展は開催されましたか？"))).toContain("お知らせを止める");
    expect(labels(await card("景観写真展は開催されましたか？", CITIZEN, "text"))).toContain(
      "お知らせを止める",
    );
    expect(labels(await card("Was the landscape photo exhibition held?"))).toContain(
      "Stop notices (お知らせを止める)",
    );
    expect((await follows.respond(encodeFollowRequest({ kind: "follow", projectId }), CITIZEN)).outcome).toBe(
      "already",
    );

    const list = await follows.respond({ kind: "list" }, CITIZEN);
    expect(JSON.stringify(list.messages)).toContain("お知らせを受け取っている事業（1件）");
    expect(labels(list.messages)[0]).toMatch(/^止める：/);

    expect((await follows.respond(encodeFollowRequest({ kind: "stop", projectId }), CITIZEN)).outcome).toBe(
      "stopped",
    );
    expect((await follows.respond(encodeFollowRequest({ kind: "stop", projectId }), CITIZEN)).outcome).toBe(
      "not-followed",
    );
    expect(labels(await card("景観写真展は開催されましたか？"))).toContain("変わったらお知らせ");
    expect(JSON.stringify((await follows.respond({ kind: "list" }, CITIZEN)).messages)).toContain(
      "ありません",
    );
  });

  it("offers nothing in groups and rooms, and refuses a follow tapped there", async () => {
    for (const chat of ["group", "room"] as const) {
      const who = { ...CITIZEN, chat };
      expect(await follows.stateFor(who)).toBeUndefined();
      expect(labels(await card("景観写真展は開催されましたか？", who)).join()).not.toContain("お知らせ");
      const refused = await follows.respond(encodeFollowRequest({ kind: "follow", projectId }), who);
      expect(refused.outcome).toBe("not-one-to-one");
    }
  });

  it(`stops at ${MAX_FOLLOWS_PER_CITIZEN} follows a citizen`, async () => {
    const who = { ...CITIZEN, userHash: "fedcba9876543210" };
    const ids = collectIds(answerer);
    expect(ids.length).toBeGreaterThan(MAX_FOLLOWS_PER_CITIZEN);
    const outcomes: string[] = [];
    for (const id of ids)
      outcomes.push((await follows.respond({ kind: "follow", projectId: id }, who)).outcome);
    expect(outcomes.filter((o) => o === "followed")).toHaveLength(MAX_FOLLOWS_PER_CITIZEN);
    expect(outcomes.at(-1)).toBe("limit");
  });

  it("decodes only what it encoded", () => {
    expect(decodeFollowRequest(encodeFollowRequest({ kind: "follow", projectId: "2-1-2-1" }))).toEqual({
      kind: "follow",
      projectId: "2-1-2-1",
    });
    expect(decodeFollowRequest("n1|l")).toEqual({ kind: "list" });
    for (const bad of [
      "n1|f|",
      "n1|f|../x",
      "n1|x|1-1",
      "n1|f|1-1|2",
      "n1|l|1",
      `n1|f|${"1-".repeat(200)}1`,
      "f1:d:x",
    ])
      expect(decodeFollowRequest(bad)).toBeNull();
    expect(asksFollowList("お知らせの一覧")).toBe(true);
    expect(asksFollowList(" お知らせの一覧？")).toBe(true);
    expect(asksFollowList("お知らせの一覧と防災訓練")).toBe(false);
  });
});

/** Ids of the seed's projects, as the answerer knows them. */
function collectIds(answerer: Answerer): string[] {
  const ids: string[] = [];
  for (let p = 1; p <= 5; p++)
    for (let s = 1; s <= 5; s++)
      for (let m = 1; m <= 5; m++)
        for (let j = 1; j <= 5; j++) {
          const id = `${p}-${s}-${m}-${j}`;
          if (answerer.project(id).kind === "project") ids.push(id);
        }
  return ids;
}
