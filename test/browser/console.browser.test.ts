// The console in a real browser (Debian's Chromium), against the bot running as its own process.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EDITOR, VIEWER } from "../support/admin.js";
import { BROWSER_MISSING } from "../support/browser-missing.js";
import { type Chromium, launchChromium } from "../support/chromium.js";
import { type ConsoleServer, signInAs, startConsoleServer } from "../support/console-server.js";
import { sampleQuestion, UNANSWERED } from "../support/record-samples.js";

const DESKTOP = { width: 1280, height: 900 };
const SHAKEOUT = "シェイクアウトは実施された？";

if (BROWSER_MISSING) {
  // Visible in every run; a failure where the browser is required.
  console.warn(`SKIPPED: ${BROWSER_MISSING}`);
  if (process.env.CI === "true") {
    it("needs Chromium under CI", () => {
      throw new Error(BROWSER_MISSING ?? "");
    });
  }
}

describe.skipIf(BROWSER_MISSING !== null)("staff console in Chromium", () => {
  let server: ConsoleServer;
  let chromium: Chromium;

  beforeAll(async () => {
    // One citizen question the bot could not answer, for 質問の記録.
    const record = {
      questions: [
        sampleQuestion({
          question: SHAKEOUT,
          normalized: SHAKEOUT,
          ...UNANSWERED,
          unmatchedWords: ["シェイクアウト"],
        }),
      ],
      feedback: [],
    };
    [server, chromium] = await Promise.all([startConsoleServer({ record }), launchChromium(DESKTOP)]);
  }, 90_000);
  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
  });

  async function ask(page: Page, question: string): Promise<string> {
    await page.goto(`${server.address}/admin/try`);
    await page.getByLabel("質問").fill(question);
    await page.getByRole("button", { name: "送信" }).click();
    // The reply is framed: the LINE renderer's own page.
    const reply = page.frameLocator("iframe.line-preview").locator(".chat");
    await reply.waitFor();
    // htmx swapped the result in place and put the question in the address.
    expect(page.url()).toContain("/admin/try?q=");
    return (await reply.textContent()) ?? "";
  }

  it("sends a visitor without a session to the sign-in page, and back after a keyboard-only sign-in", async () => {
    const page = await chromium.context.newPage();
    try {
      await page.goto(`${server.address}/admin/synonyms`);
      expect(new URL(page.url()).pathname).toBe("/admin/login");
      await expect(page.getByRole("heading", { name: "ログイン" }).isVisible()).resolves.toBe(true);
      // By keyboard alone: the cursor starts in ユーザー名, Tab to パスワード, Enter signs in and returns.
      expect(
        await page.locator("#username").evaluate((input) => input.ownerDocument.activeElement === input),
      ).toBe(true);
      await page.keyboard.type(EDITOR.name);
      await page.keyboard.press("Tab");
      await page.keyboard.type(EDITOR.password);
      await page.keyboard.press("Enter");
      await page.waitForURL(`${server.address}/admin/synonyms`);
      await expect(page.getByRole("heading", { name: "同義語", level: 1 }).isVisible()).resolves.toBe(true);
    } finally {
      await page.close();
    }
  });

  it("signs in, tries the bot, adds a synonym and sees an unanswered question answered", async () => {
    const context = chromium.context;
    await context.clearCookies();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    try {
      await signInAs(page, server.address, EDITOR);
      await expect(page.getByRole("heading", { name: "ダッシュボード", level: 1 }).isVisible()).resolves.toBe(
        true,
      );
      expect(await page.locator("main").textContent()).toContain("平成30年7月");

      expect(await ask(page, "防災訓練は実施された？")).toContain("学校が実施している環境美化活動");
      expect(await ask(page, SHAKEOUT)).toContain("見つかりませんでした");

      // From the unanswered question in 質問の記録, one click to the synonym editor with its word.
      await page.getByRole("link", { name: "質問の記録" }).click();
      await page.locator("tr", { hasText: SHAKEOUT }).getByRole("link", { name: "同義語に追加" }).click();
      expect(await page.getByLabel("同義語（synonyms.txt）").inputValue()).toContain("ホームページ");
      const line = page.getByLabel("追加する同義語（1 行）");
      expect(await line.inputValue()).toBe("シェイクアウト, ");
      await line.fill("シェイクアウト, 防災訓練");
      await page.getByRole("button", { name: "保存して反映" }).click();
      await expect(page.getByRole("status").textContent()).resolves.toContain("反映しました");

      const answered = await ask(page, SHAKEOUT);
      expect(answered).not.toContain("見つかりませんでした");
      expect(answered).toContain("防災");

      await page.getByRole("link", { name: "操作の記録" }).click();
      expect(await page.locator("table").textContent()).toContain("辞書の保存");
      expect(errors).toEqual([]); // the CSP let every script and style of the pages run
    } finally {
      await page.close();
    }
  }, 60_000);

  it("lets a viewer look but not change the dictionaries", async () => {
    await chromium.context.clearCookies();
    const page = await chromium.context.newPage();
    try {
      await signInAs(page, server.address, VIEWER);
      await page.getByRole("link", { name: "同義語" }).click();
      expect(await page.getByRole("button", { name: "保存して反映" }).count()).toBe(0);
      expect(await page.locator("main").textContent()).toContain("閲覧者（viewer）は保存できません");
    } finally {
      await page.close();
    }
  }, 30_000);
});
