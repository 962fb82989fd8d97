// Finding 7, each lesser item: arbitrary text in the audit log, weak passwords, case-variant names,
// empty synonym saves, a rollback without an id, anonymous multipart, control characters in `next`,
// world-readable files in DATA_DIR, names and street addresses left by masking.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/index.js";
import { createStaffAccounts, MASKS, maskPersonalData } from "../../../src/record/index.js";
import { type ConsoleFixture, EDITOR, Session, startConsole } from "../../support/admin.js";
import { nextEdition } from "../../support/editions.js";

describe("lesser findings", () => {
  let fixture: ConsoleFixture;
  let editor: Session;
  beforeAll(async () => {
    fixture = await startConsole({ signInPerMinute: 1000 });
    editor = new Session(fixture.app);
    await editor.signIn(EDITOR.name, EDITOR.password);
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it("writes no typed user name of an anonymous attempt into the audit log", async () => {
    for (let i = 0; i < 6; i++) await new Session(fixture.app).signIn("=cmd|' /C calc'!A0 <i>x</i>", "pw");
    const entries = await fixture.audit.recent(20);
    expect(JSON.stringify(entries)).not.toContain("calc");
    expect(entries.some((e) => e.actor === "unknown")).toBe(true);
  });

  it("refuses weak and short passwords", async () => {
    const accounts = createStaffAccounts(await openDatabase(":memory:"));
    for (const password of ["password", "12345678", "password1234", "qwertyuiopas", "aaaaaaaaaaaaaaaa"]) {
      const result = await accounts.add("tanaka", "viewer", password);
      expect(result, password).toMatchObject({ ok: false });
    }
    expect(await accounts.add("tanaka", "viewer", "short ok 1")).toEqual({
      ok: false,
      problem: "password-too-short",
    });
    expect((await accounts.add("tanaka", "viewer", "river lantern plum 42")).ok).toBe(true);
  });

  it("treats case and width variants of a name as the one account", async () => {
    const accounts = createStaffAccounts(await openDatabase(":memory:"));
    expect((await accounts.add("Tanaka", "viewer", "river lantern plum 42")).ok).toBe(true);
    expect(await accounts.add("tanaka", "editor", "river lantern plum 43")).toEqual({
      ok: false,
      problem: "exists",
    });
    expect(await accounts.add("ＴＡＮＡＫＡ", "editor", "river lantern plum 43")).toEqual({
      ok: false,
      problem: "exists",
    });
    expect((await accounts.list()).map((a) => a.name)).toEqual(["tanaka"]);
    expect(await accounts.verify("TANAKA", "river lantern plum 42")).toMatchObject({ name: "tanaka" });
  });

  it("refuses a synonym save without its fields, publishing nothing", async () => {
    const before = fixture.live.current().info;
    const response = await editor.post("/admin/synonyms", { _csrf: await editor.token("/admin/synonyms") });
    expect(response.statusCode).toBe(400);
    expect(fixture.live.current().info).toEqual(before);
    expect((await fixture.audit.recent()).some((e) => e.action === "dictionary-save")).toBe(false);
  });

  it("refuses a rollback that names no edition", async () => {
    const _csrf = await editor.token("/admin/editions");
    const checked = await editor.upload(
      "/admin/editions/check",
      { _csrf },
      { name: "next.txt", bytes: nextEdition() },
    );
    const token = /name="token" value="([0-9a-f]+)"/.exec(checked.body)?.[1] ?? "";
    const published = await editor.post("/admin/editions/publish", {
      _csrf: await editor.token("/admin/editions"),
      token,
    });
    expect(published.statusCode).toBe(303);
    const live = fixture.live.current().info;
    const response = await editor.post("/admin/editions/rollback", {
      _csrf: await editor.token("/admin/editions"),
    });
    expect(response.statusCode).toBe(400);
    expect(fixture.live.current().info).toEqual(live);
  });

  it("reads no multipart body on sign-in and no large body at all before signing in", async () => {
    const boundary = "----x";
    const multipart = await fixture.app.inject({
      method: "POST",
      url: "/admin/login",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\n${"x".repeat(200_000)}\r\n--${boundary}--\r\n`,
    });
    expect([413, 415]).toContain(multipart.statusCode);
    const large = await fixture.app.inject({
      method: "POST",
      url: "/admin/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `username=${"a".repeat(100_000)}`,
    });
    expect(large.statusCode).toBe(413);
    const logout = await fixture.app.inject({
      method: "POST",
      url: "/admin/logout",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `x=${"a".repeat(100_000)}`,
    });
    expect(logout.statusCode).toBe(413);
  });

  it("answers a `next` with control characters without an error", async () => {
    const session = new Session(fixture.app);
    const page = await session.get(`/admin/login?next=${encodeURIComponent("/admin/\u0001\r\nX: y")}`);
    expect(page.statusCode).toBe(200);
    const _csrf = await session.token("/admin/login");
    const signed = await session.post("/admin/login", {
      _csrf,
      username: EDITOR.name,
      password: EDITOR.password,
      next: "/admin/\u0000\r\nSet-Cookie: a=b",
    });
    expect(signed.statusCode).toBe(303);
    expect(signed.headers.location).toBe("/admin/");
  });

  it("creates DATA_DIR's files owner-only (0600) and its directories 0700", async () => {
    const walk = async (dir: string): Promise<string[]> => {
      const found: string[] = [dir];
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) found.push(...(await walk(full)));
        else found.push(full);
      }
      return found;
    };
    const paths = await walk(fixture.dataDir);
    expect(paths.some((p) => p.endsWith("record.sqlite"))).toBe(true);
    expect(paths.some((p) => p.includes("snapshot") || p.includes("edition"))).toBe(true);
    for (const p of paths) {
      const info = await stat(p);
      expect((info.mode & 0o777).toString(8), p).toBe(info.isDirectory() ? "700" : "600");
    }
  });
});

describe("masking names and street addresses", () => {
  it.each([
    ["山田です。防災訓練は実施された？", `${MASKS.name}です。防災訓練は実施された？`],
    ["山田花子と申します。公園の整備について", `${MASKS.name}と申します。公園の整備について`],
    ["こんにちは、白井太郎といいます", `こんにちは、${MASKS.name}といいます`],
    ["私は佐藤です。", `私は${MASKS.name}です。`],
    ["復1123番地に住んでいます", `復${MASKS.address}に住んでいます`],
    ["清水口1丁目2番3号の者です", `清水口${MASKS.address}の者です`],
    ["南山３丁目４番５号", `南山${MASKS.address}`],
    ["堀込二丁目の公園", `堀込${MASKS.address}の公園`],
  ])("masks %s", (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it.each([
    "防災訓練は実施された？",
    "質問です。公園はどうなった？",
    "第2次総合計画の123ページ",
    "平成27～29年度の事業です",
    "これは何といいますか",
  ])("keeps %s", (input) => {
    expect(maskPersonalData(input)).toBe(input);
  });

  it("masks the largest LINE message (5000 characters) of any shape in linear time", () => {
    const shapes = (n: number) => [
      "山".repeat(n),
      "山田".repeat(n / 2),
      "1".repeat(n),
      "1丁目".repeat(n / 3),
      "1番".repeat(n / 2),
      "山田と".repeat(n / 3),
      "です".repeat(n / 2),
    ];
    const time = (n: number) => {
      const started = performance.now();
      for (let round = 0; round < 5; round++) for (const text of shapes(n)) maskPersonalData(text);
      return performance.now() - started;
    };
    time(5000);
    // Ten times the text takes about ten times as long, never a hundred.
    expect(time(5000)).toBeLessThan(time(500) * 40 + 50);
  });
});
