// 版の更新 through inject: upload limits, validation with line numbers, diff, guards with a second
// confirmation, publish switching the running bot, rollback, the viewer refused, escaped file names.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleFixture, EDITOR, Session, startConsole, VIEWER } from "../support/admin.js";
import { nextEdition, officeBytes } from "../support/editions.js";
import { SEED_PATH } from "../support/seed.js";

const OPEN_DATA = "オープンデータポータルは公開された？";

describe("版の更新", () => {
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

  async function check(name: string, bytes: Uint8Array | string) {
    const _csrf = await editor.token("/admin/editions");
    return editor.upload("/admin/editions/check", { _csrf }, { name, bytes });
  }

  function publishToken(body: string): string {
    const token = /name="token" value="([0-9a-f]+)"/.exec(body)?.[1];
    if (!token) throw new Error("no publish form");
    return token;
  }

  async function publish(token: string, extra: Record<string, string> = {}) {
    const _csrf = await editor.token("/admin/editions");
    return editor.post("/admin/editions/publish", { _csrf, token, ...extra });
  }

  it("refuses files over the size limit (413) and of other types (415), changing nothing", async () => {
    const before = fixture.live.current().info;
    const big = await check("plan.txt", "x".repeat(256 * 1024 + 1));
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain("ファイルが大きすぎます");
    const pdf = await check("plan.pdf", "%PDF-1.7");
    expect(pdf.statusCode).toBe(415);
    expect(pdf.body).toContain(".xlsx");
    expect(fixture.live.current().info).toEqual(before);
  });

  it("shows a file name with markup as text", async () => {
    const response = await check(`<img src=x onerror=alert(1)>.txt`, "not a plan\n");
    expect(response.body).not.toContain("<img src=x");
    expect(response.body).toContain("&lt;img src=x onerror=alert(1)&gt;.txt");
  });

  it("reports an invalid file with its line numbers and publishes nothing", async () => {
    const broken = `${readFileSync(SEED_PATH, "utf8")}\n①どこにも属さない事業\t\t\n`;
    const response = await check("broken.txt", broken.replace("基本方針", "基本法"));
    expect(response.statusCode).toBe(422);
    expect(response.body).toMatch(/\d+ 行目/);
    expect(response.body).not.toContain('name="token"');
  });

  it("publishes a new edition after its diff, the bot answers from it at once, and a rollback undoes it", async () => {
    expect(fixture.live.current().info.edition).toBe("平成30年7月");
    const checked = await check("plan-2020-07.txt", officeBytes(nextEdition()));
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toContain("新しい事業（1 件）");
    expect(checked.body).toContain("市民向けオープンデータポータルの公開");
    expect(checked.body).toContain("未実施 → 実施あり");
    expect(checked.body).not.toContain('name="confirm"');
    const before = await editor.get(`/admin/try/preview?q=${encodeURIComponent(OPEN_DATA)}`);
    expect(before.body).toContain("見つかりませんでした");

    const published = await publish(publishToken(checked.body));
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe("/admin/editions?done=published");
    expect(fixture.live.current().info.edition).toBe("令和2年7月");
    const after = await editor.get(`/admin/try/preview?q=${encodeURIComponent(OPEN_DATA)}`);
    expect(after.body).toContain("オープンデータポータル");
    expect(after.body).not.toContain("見つかりませんでした");
    expect((await fixture.audit.recent())[0]).toMatchObject({
      actor: EDITOR.name,
      action: "publish",
      target: "plan-2020-07.txt",
    });

    const page = await editor.get("/admin/editions?done=published");
    expect(page.body).toContain("公開しました");
    const previous = /name="id" value="(\d+)"[\s\S]*?に戻す/.exec(page.body)?.[1];
    expect(previous).toBeDefined();
    const _csrf = await editor.token("/admin/editions");
    const rolledBack = await editor.post("/admin/editions/rollback", { _csrf, id: previous ?? "" });
    expect(rolledBack.statusCode).toBe(303);
    expect(fixture.live.current().info.edition).toBe("平成30年7月");
    expect((await fixture.audit.recent())[0]).toMatchObject({ action: "rollback" });
  });

  it("asks for a second, explicit confirmation when a guard fires, and audits the forced publish", async () => {
    const truncated = readFileSync(SEED_PATH, "utf8").split("\n").slice(0, 100).join("\n");
    const checked = await check("truncated.txt", truncated);
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toMatch(/事業（\d+%）がなくなります/);
    expect(checked.body).toContain('name="confirm"');
    const token = publishToken(checked.body);

    const refused = await publish(token);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("警告があるため公開していません");
    expect(fixture.live.current().info.projects).toBe(59);

    const forced = await publish(token, { confirm: "yes" });
    expect(forced.statusCode).toBe(303);
    expect(fixture.live.current().info.projects).toBeLessThan(59);
    expect((await fixture.audit.recent())[0]).toMatchObject({
      action: "publish-forced",
      target: "truncated.txt",
    });
    expect((await fixture.audit.recent())[0]?.detail).toContain("removes-projects");
  });

  it("offers nothing to publish for a file identical to the live edition", async () => {
    const live = fixture.live.current().info;
    // The truncated edition forced above is live now.
    const same = await check(
      "same.txt",
      readFileSync(SEED_PATH, "utf8").split("\n").slice(0, 100).join("\n"),
    );
    expect(same.statusCode).toBe(200);
    expect(same.body).toContain("稼働中の版と同じ内容です");
    expect(same.body).toContain("公開するものはありません");
    expect(same.body).not.toContain('action="/admin/editions/publish"');
    expect(fixture.live.current().info).toEqual(live);
  });

  it("refuses a viewer at upload and at publish, and a token from someone else", async () => {
    const viewer = new Session(fixture.app);
    await viewer.signIn(VIEWER.name, VIEWER.password);
    const page = await viewer.get("/admin/editions");
    expect(page.body).not.toContain('action="/admin/editions/check"');
    const _csrf = await viewer.token("/admin/editions");
    const upload = await viewer.upload(
      "/admin/editions/check",
      { _csrf },
      { name: "plan.txt", bytes: nextEdition() },
    );
    expect(upload.statusCode).toBe(403);

    const checked = await check("plan-2020-07.txt", nextEdition());
    const token = publishToken(checked.body);
    const refused = await viewer.post("/admin/editions/publish", {
      _csrf: await viewer.token("/admin/editions"),
      token,
    });
    expect(refused.statusCode).toBe(403);
    const rollback = await viewer.post("/admin/editions/rollback", {
      _csrf: await viewer.token("/admin/editions"),
      id: "1",
    });
    expect(rollback.statusCode).toBe(403);
  });
});
