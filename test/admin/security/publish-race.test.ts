// Finding 6: two editors check their files against the same live edition; the first publishes; the
// second's publish is refused as stale, since the diff they approved is no longer the diff it applies.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleFixture, EDITOR, Session, startConsole } from "../../support/admin.js";
import { nextEdition } from "../../support/editions.js";
import { SEED_PATH } from "../../support/seed.js";

const SECOND = { name: "editor2", password: "second editor pass phrase 7" };

describe("two editors publishing", () => {
  let fixture: ConsoleFixture;
  beforeAll(async () => {
    fixture = await startConsole({ signInPerMinute: 1000 });
    await fixture.accounts.add(SECOND.name, "editor", SECOND.password);
  });
  afterAll(async () => {
    await fixture?.close();
  });

  async function check(session: Session, name: string, text: string) {
    const _csrf = await session.token("/admin/editions");
    const response = await session.upload("/admin/editions/check", { _csrf }, { name, bytes: text });
    const form = /<form method="post" action="\/admin\/editions\/publish"[\s\S]*?<\/form>/.exec(
      response.body,
    )?.[0];
    if (!form) throw new Error(`no publish form (${response.statusCode})`);
    return Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
    ) as Record<string, string>;
  }

  it("refuses the second publish as stale", async () => {
    const first = new Session(fixture.app);
    const second = new Session(fixture.app);
    await first.signIn(EDITOR.name, EDITOR.password);
    await second.signIn(SECOND.name, SECOND.password);
    const seed = readFileSync(SEED_PATH, "utf8");
    const firstForm = await check(first, "first.txt", nextEdition());
    const secondForm = await check(second, "second.txt", seed.replace("平成30年7月", "平成31年3月"));

    const published = await first.post("/admin/editions/publish", firstForm);
    expect(published.statusCode).toBe(303);
    const live = fixture.live.current().info;
    expect(live.source).toBe("first.txt");

    const stale = await second.post("/admin/editions/publish", {
      ...secondForm,
      _csrf: await second.token("/admin/editions"),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain("確認のあとで稼働中の版が変わりました");
    expect(fixture.live.current().info).toEqual(live);
    expect((await fixture.audit.recent()).filter((e) => e.action.startsWith("publish")).length).toBe(1);
  });

  it("refuses a publish whose If-Match names another live edition than the one served", async () => {
    const editor = new Session(fixture.app);
    await editor.signIn(EDITOR.name, EDITOR.password);
    const form = await check(editor, "third.txt", readFileSync(SEED_PATH, "utf8"));
    const refused = await editor.post("/admin/editions/publish", form, { "if-match": `"${"0".repeat(64)}"` });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("確認のあとで稼働中の版が変わりました");
  });
});
