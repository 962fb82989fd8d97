// Finding 2: sessions live on the server. Sign-out, a password reset and an account's removal end
// them; an idle session and an old one end by themselves; sign-in starts a new session id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleFixture, EDITOR, Session, startConsole, VIEWER } from "../../support/admin.js";

const MINUTE = 60_000;

describe("console sessions", () => {
  let fixture: ConsoleFixture;
  let now = Date.now();
  beforeAll(async () => {
    fixture = await startConsole({ signInPerMinute: 1000, now: () => now });
  });
  afterAll(async () => {
    await fixture?.close();
  });

  const sessionRows = async (name: string) =>
    (
      await fixture.db.query
        .selectFrom("staff_sessions")
        .select("id_hash")
        .where("account", "=", name)
        .execute()
    ).length;

  it("gives a cookie from before sign-out the sign-in page, and its requests never reach a handler", async () => {
    const editor = new Session(fixture.app);
    await editor.signIn(EDITOR.name, EDITOR.password);
    const before = editor.cookie;
    const csrf = await editor.token("/admin/editions");
    expect((await editor.post("/admin/logout", { _csrf: csrf })).statusCode).toBe(303);

    const stolen = new Session(fixture.app);
    stolen.cookie = before;
    const page = await stolen.get("/admin/editions");
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/admin\/login/);
    const kept = fixture.live.current().info;
    const rollback = await stolen.post("/admin/editions/rollback", { _csrf: csrf, id: "anything" });
    expect(rollback.statusCode).toBe(401);
    expect(fixture.live.current().info).toEqual(kept);
    expect(
      (await fixture.audit.recent()).some((e) => e.action === "sign-out" && e.actor === EDITOR.name),
    ).toBe(true);
  });

  it("starts a new session id at sign-in: the cookie from before it signs nobody in", async () => {
    const browser = new Session(fixture.app);
    await browser.get("/admin/login");
    const anonymous = browser.cookie;
    await browser.signIn(EDITOR.name, EDITOR.password);
    expect(browser.cookie).not.toBe(anonymous);
    const old = new Session(fixture.app);
    old.cookie = anonymous;
    expect((await old.get("/admin/")).statusCode).toBe(303);
    expect((await browser.get("/admin/")).statusCode).toBe(200);
  });

  it("ends a session idle for 30 minutes, and keeps one in use", async () => {
    const viewer = new Session(fixture.app);
    await viewer.signIn(VIEWER.name, VIEWER.password);
    now += 29 * MINUTE;
    expect((await viewer.get("/admin/")).statusCode).toBe(200);
    now += 29 * MINUTE;
    expect((await viewer.get("/admin/")).statusCode).toBe(200);
    now += 31 * MINUTE;
    const idle = await viewer.get("/admin/");
    expect(idle.statusCode).toBe(303);
    expect(idle.headers.location).toMatch(/^\/admin\/login/);
  });

  it("ends a session 8 hours after sign-in however busy it is", async () => {
    const viewer = new Session(fixture.app);
    await viewer.signIn(VIEWER.name, VIEWER.password);
    for (let i = 0; i < 16; i++) {
      now += 29 * MINUTE;
      expect((await viewer.get("/admin/")).statusCode).toBe(200);
    }
    now += 29 * MINUTE; // 8 h 12 min
    expect((await viewer.get("/admin/")).statusCode).toBe(303);
  });

  it("ends every session of an account at a password reset and at its removal", async () => {
    await fixture.accounts.add("temp-editor", "editor", "a long enough pass phrase 42");
    const a = new Session(fixture.app);
    const b = new Session(fixture.app);
    await a.signIn("temp-editor", "a long enough pass phrase 42");
    await b.signIn("temp-editor", "a long enough pass phrase 42");
    expect(await sessionRows("temp-editor")).toBe(2);
    await fixture.accounts.resetPassword("temp-editor", "another long pass phrase 43");
    expect(await sessionRows("temp-editor")).toBe(0);
    expect((await a.get("/admin/")).statusCode).toBe(303);
    await a.signIn("temp-editor", "another long pass phrase 43");
    expect(await sessionRows("temp-editor")).toBe(1);
    await fixture.accounts.remove("temp-editor");
    expect(await sessionRows("temp-editor")).toBe(0);
    expect((await a.get("/admin/")).statusCode).toBe(303);
  });

  it("lets staff change their own password, ending their other sessions", async () => {
    await fixture.accounts.add("changer", "viewer", "the first pass phrase 1984");
    const here = new Session(fixture.app);
    const elsewhere = new Session(fixture.app);
    await here.signIn("changer", "the first pass phrase 1984");
    await elsewhere.signIn("changer", "the first pass phrase 1984");
    const form = await here.get("/admin/password");
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<label for="current">/);
    const change = async (current: string, password: string) =>
      here.post("/admin/password", {
        _csrf: await here.token("/admin/password"),
        current,
        password,
        confirm: password,
      });
    expect((await change("not it", "a new pass phrase for 2027")).statusCode).toBe(400);
    expect((await change("the first pass phrase 1984", "password1234")).statusCode).toBe(422);
    const changed = await change("the first pass phrase 1984", "a new pass phrase for 2027");
    expect(changed.statusCode).toBe(303);
    expect((await here.get("/admin/")).statusCode).toBe(200);
    expect((await elsewhere.get("/admin/")).statusCode).toBe(303);
    expect(await fixture.accounts.verify("changer", "a new pass phrase for 2027")).not.toBeNull();
    expect(
      (await fixture.audit.recent()).some((e) => e.action === "password-change" && e.actor === "changer"),
    ).toBe(true);
  });
});
