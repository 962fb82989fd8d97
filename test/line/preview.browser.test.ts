// The main kinds of answer rendered as HTML close to LINE's Flex layout, in headless Chromium:
// screenshots for a person to look at (npm run screenshots → screenshots/), and measured heights.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { messagingApi } from "@line/bot-sdk";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answer, type Answerer, createAnswerer, editionMarker } from "../../src/answer/index.js";
import { renderAnswer, renderHtml } from "../../src/line/render/index.js";
import { getTokenizer } from "../../src/nlp/index.js";
import { seedEdition } from "../eval/pipeline.js";
import { CHROMIUM_PATH, type Chromium, chromiumAvailable, launchChromium } from "../support/chromium.js";

const SCREEN = { width: 390, height: 844 };
/** A message should fit a screen and a half of a phone. */
const MAX_MESSAGE_HEIGHT = SCREEN.height * 1.5;

const available = chromiumAvailable();
if (!available && process.env.CI !== "true")
  console.warn(
    `\n⚠ preview screenshots skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)\n`,
  );

describe("a browser for the preview test", () => {
  it.runIf(process.env.CI === "true")("is installed on CI", () => {
    expect(available, `Chromium is missing at ${CHROMIUM_PATH}`).toBe(true);
  });
});

interface Shot {
  name: string;
  question: string;
  answer: (answerer: Answerer) => Promise<Answer>;
  /** 「すべて見る」 is long on purpose. */
  long?: boolean;
}

describe.runIf(available)("replies seen in Chromium", () => {
  let answerer: Answerer;
  let marker: string;
  let browser: Chromium;
  let page: Page;
  const dir = process.env.SCREENSHOT_DIR
    ? path.resolve(process.env.SCREENSHOT_DIR)
    : mkdtempSync(path.join(tmpdir(), "line-preview-"));

  const ask = (question: string) => (a: Answerer) => a.answer(question);
  const shots: Shot[] = [
    { name: "01-project", question: "防災訓練は実施された？", answer: ask("防災訓練は実施された？") },
    { name: "02-candidates", question: "市民大学校について教えて", answer: ask("市民大学校について教えて") },
    {
      name: "03-not-done",
      question: "景観写真展は開催されましたか？",
      answer: ask("景観写真展は開催されましたか？"),
    },
    {
      name: "04-nothing-recorded",
      question: "市民活動団体への補助は？",
      answer: ask("自治会や公益的な活動を行っている市民活動団体への補助は？"),
    },
    {
      name: "05-department-list",
      question: "市民活動支援課の事業は？",
      answer: ask("市民活動支援課の事業は？"),
    },
    { name: "06-year-list", question: "平成28年度に何をした？", answer: ask("平成28年度に何をした？") },
    { name: "07-count", question: "未実施の事業はいくつ？", answer: ask("未実施の事業はいくつ？") },
    { name: "08-overview", question: "全体の進捗を教えて", answer: ask("全体の進捗を教えて") },
    {
      name: "09-departments",
      question: "担当課から探す",
      answer: (a) => a.followUp({ kind: "departments" }),
    },
    { name: "10-help", question: "使い方", answer: ask("使い方") },
    { name: "11-no-match", question: "今日の天気は？", answer: ask("今日の天気は？") },
    {
      name: "12-all-actions",
      question: "すべて見る",
      answer: (a) => a.followUp({ kind: "detail", edition: marker, id: "1-1-4-1", all: true }),
      long: true,
    },
    {
      name: "13-stale",
      question: "次の10件",
      answer: (a) => a.followUp({ kind: "detail", edition: "00000000", id: "1-1-1-1", all: false }),
    },
    {
      name: "14-measure",
      question: "コーディネート型職員の育成はどこまで？",
      answer: ask("コーディネート型職員の育成はどこまで？"),
    },
    {
      name: "15-section",
      question: "地域の課題解決のための地域のしくみと環境づくりはどこまで進んだ？",
      answer: ask("地域の課題解決のための地域のしくみと環境づくりはどこまで進んだ？"),
    },
    {
      name: "16-several",
      question: "防災訓練と空き店舗の活用、それぞれどうなった？",
      answer: ask("防災訓練と空き店舗の活用、それぞれどうなった？"),
    },
    {
      name: "17-english",
      question: "When did the citizen activity insurance start?",
      answer: ask("When did the citizen activity insurance start?"),
    },
    {
      name: "18-english-actions",
      question: "Was the landscape photo exhibition held, and the landscape ordinance?",
      answer: ask("Was the landscape photo exhibition held, and the landscape ordinance?"),
    },
    {
      name: "19-english-no-match",
      question: "What's the weather like today?",
      answer: ask("What's the weather like today?"),
    },
  ];

  beforeAll(async () => {
    const edition = await seedEdition();
    marker = editionMarker(edition);
    answerer = createAnswerer({ live: { current: () => edition }, tokenizer: await getTokenizer() });
    browser = await launchChromium(SCREEN);
    page = await browser.context.newPage();
    mkdirSync(dir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (process.env.SCREENSHOT_DIR) console.log(`screenshots in ${dir}`);
  });

  it.each(shots)("$name: renders, fits the bubble, and is at most a screen and a half", async (shot) => {
    const messages: messagingApi.Message[] = renderAnswer(await shot.answer(answerer));
    const html = renderHtml(messages, shot.question);
    writeFileSync(path.join(dir, `${shot.name}.html`), html);
    await page.setContent(html);
    await page.screenshot({ path: path.join(dir, `${shot.name}.png`), fullPage: true });
    const measured = await page.$$eval(".message", (elements) =>
      elements.map((element) => ({
        height: element.getBoundingClientRect().height,
        overflowing: [...element.querySelectorAll(".bubble")].some((b) => b.scrollWidth > b.clientWidth + 1),
      })),
    );
    expect(measured).toHaveLength(messages.length);
    for (const { height, overflowing } of measured) {
      expect(overflowing).toBe(false);
      if (!shot.long) expect(height).toBeLessThanOrEqual(MAX_MESSAGE_HEIGHT);
    }
  });
});
