// 質問の記録 and the dashboard's record parts, over a seeded conversation record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleFixture, EDITOR, Session, startConsole } from "../support/admin.js";
import { sampleQuestion as question, UNANSWERED as unanswered } from "../support/record-samples.js";

describe("質問の記録", () => {
  let fixture: ConsoleFixture;
  let session: Session;

  beforeAll(async () => {
    fixture = await startConsole({ signInPerMinute: 1000 });
    const shakeout = { question: "シェイクアウトは実施された？", normalized: "シェイクアウトは実施された" };
    const answered = question({}, 1);
    await fixture.record.write({
      questions: [
        answered,
        question({ followUp: true }, 2),
        question({ ...shakeout, ...unanswered, unmatchedWords: ["シェイクアウト"], userHash: "u2" }, 1),
        question({ ...shakeout, ...unanswered, unmatchedWords: ["シェイクアウト"], userHash: "u3" }, 3),
        question(
          { question: "<script>alert(1)</script>", normalized: "<script>", ...unanswered, followUp: true },
          0,
        ),
        question({ question: "昔の質問", normalized: "昔の質問", ...unanswered }, 60),
      ],
      feedback: [{ questionId: answered.id, answeredAt: new Date(), resolved: true }],
    });
    session = new Session(fixture.app);
    await session.signIn(EDITOR.name, EDITOR.password);
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it("lists unanswered questions by frequency for the period, with a link to the synonym editor", async () => {
    const page = await session.get("/admin/questions?period=30");
    expect(page.statusCode).toBe(200);
    const table = page.body.slice(page.body.indexOf("答えられなかった質問（多い順）"));
    expect(table.indexOf("シェイクアウトは実施された？")).toBeLessThan(table.indexOf("&lt;script&gt;"));
    expect(page.body).not.toContain("<script>alert");
    expect(page.body).not.toContain("昔の質問");
    expect(page.body).toContain(`/admin/synonyms?words=${encodeURIComponent("シェイクアウト")}`);
    const all = await session.get("/admin/questions?period=all");
    expect(all.body).toContain("昔の質問");
  });

  it("counts the follow-ups and the unanswered ones among them", async () => {
    const page = await session.get("/admin/questions?period=30");
    const card = page.body.slice(page.body.indexOf("前の答えに続けての質問"));
    expect(card).toMatch(/^前の答えに続けての質問<\/h2><p class="big">2 件<\/p>/);
    expect(card).toContain("うち答えられなかった 1 件");
  });

  it("downloads CSV for Excel (UTF-8 with BOM)", async () => {
    const csv = await session.get("/admin/questions.csv?section=unanswered&period=all");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.headers["content-disposition"]).toMatch(/attachment; filename="questions-unanswered-/);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain("シェイクアウトは実施された？,2,2");
  });

  it("shows questions per day, the share answered and the 「解決しましたか？」 rate on the dashboard", async () => {
    const page = await session.get("/admin/");
    expect(page.body).toContain("市民の質問（直近30日）");
    expect(page.body).toMatch(/<p class="big">5 件<\/p>/);
    expect(page.body).toMatch(/<p class="big">40%<\/p>/); // 2 of 5 answered
    expect(page.body).toMatch(/<p class="big">100%<\/p>/); // one はい
    expect((page.body.match(/<rect x=/g) ?? []).length).toBe(30);
  });
});
