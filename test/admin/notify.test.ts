// The console's お知らせ page: after a publish, the preview with followers, messages and quota and the
// message as citizens see it; the send behind a second confirmation (editors only), its progress and
// result, and the audit entry; the followers per project for the dashboard.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as reindex } from "../../src/cli/reindex.js";
import { openDatabase } from "../../src/db/index.js";
import { createSnapshotStore } from "../../src/editions/index.js";
import { createMulticastClient } from "../../src/line/index.js";
import { createDatabaseFollowStore, type FollowStore, latestNews } from "../../src/notify/index.js";
import { type ConsoleFixture, EDITOR, Session, startConsole, VIEWER } from "../support/admin.js";
import { captureIo } from "../support/cli-io.js";
import { nextEdition } from "../support/editions.js";
import { type LineStandIn, startLineStandIn } from "../support/line-stand-in.js";

describe("console お知らせ", () => {
  let fixture: ConsoleFixture;
  let standIn: LineStandIn;
  let follows: FollowStore;
  let editor: Session;
  let viewer: Session;
  let photoId: string;

  beforeAll(async () => {
    standIn = await startLineStandIn();
    standIn.quota = { limit: 1000, used: 10 };
    follows = createDatabaseFollowStore(await openDatabase(":memory:"));
    fixture = await startConsole({
      notify: {
        follows,
        client: createMulticastClient({ channelAccessToken: "token", baseURL: standIn.baseURL }),
      },
    });
    const file = path.join(fixture.dataDir, "..", "next.txt");
    await writeFile(file, nextEdition());
    const published = captureIo(process.cwd(), {
      DATA_DIR: fixture.dataDir,
      INDEX_DATA_DIR: fixture.indexDataDir,
    });
    expect(await reindex([file], published.io), published.err()).toBe(0);
    await fixture.live.reload();
    const latest = await latestNews(createSnapshotStore(fixture.dataDir));
    if (latest.kind !== "news") throw new Error(latest.kind);
    photoId = latest.changes.find((c) => c.title.includes("景観写真展"))?.id ?? "";
    await follows.follow({
      userId: "U00000000000000000000000000000001",
      userHash: "h1",
      projectId: photoId,
      title: "x",
    });
    editor = new Session(fixture.app);
    await editor.signIn(EDITOR.name, EDITOR.password);
    viewer = new Session(fixture.app);
    await viewer.signIn(VIEWER.name, VIEWER.password);
  });
  afterAll(async () => {
    await fixture?.close();
    await standIn?.close();
  });

  it("previews the changed projects, their followers, the messages and the quota, and the message itself", async () => {
    const page = await editor.get("/admin/notify");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("景観意識を醸成するための景観写真展の開催");
    expect(page.body).toContain("未実施 → 実施あり");
    expect(page.body).toMatch(/送る通数<\/dt><dd>1 通/);
    expect(page.body).toContain("残り 990 通");
    const preview = await editor.get("/admin/notify/preview");
    expect(preview.body).toContain("未実施 → 実施あり");
    const followers = await editor.get("/admin/notify/followers");
    expect(followers.body).toMatch(new RegExp(`${photoId} 景観意識[^<]*</td><td class="num">1<`));
  });

  it("lets a viewer look but not send", async () => {
    expect((await viewer.get("/admin/notify")).body).toContain("閲覧者（viewer）はお知らせを送れません");
    const _csrf = await viewer.token("/admin/notify");
    expect((await viewer.post("/admin/notify/send", { _csrf, confirmed: "yes" })).statusCode).toBe(403);
    expect(standIn.multicasts).toHaveLength(0);
  });

  it("sends after the second confirmation only, shows the result and audits who sent it", async () => {
    const _csrf = await editor.token("/admin/notify");
    const confirm = await editor.post("/admin/notify/confirm", { _csrf });
    expect(confirm.body).toContain("1 人</strong>に、1 人 1 通");
    const key = /name="key" value="([^"]+)"/.exec(confirm.body)?.[1] ?? "";
    expect((await editor.post("/admin/notify/send", { _csrf, key })).statusCode).toBe(409);
    expect(standIn.multicasts).toHaveLength(0);

    const sent = await editor.post("/admin/notify/send", { _csrf, key, confirmed: "yes", force: "yes" });
    expect(sent.statusCode).toBe(303);
    for (let i = 0; i < 200 && !(await fixture.audit.recent())[0]?.action.startsWith("notify"); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(standIn.multicasts.map((m) => m.body.to)).toEqual([["U00000000000000000000000000000001"]]);
    expect((await editor.get("/admin/notify/progress")).body).toContain("1 人に送りました");
    expect((await fixture.audit.recent())[0]).toMatchObject({
      actor: EDITOR.name,
      action: "notify-send-forced",
    });
    expect((await editor.get("/admin/notify")).body).toMatch(/送信済み<\/dt><dd>1 人/);
  });
});
