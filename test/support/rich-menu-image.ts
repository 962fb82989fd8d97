// npm run rich-menu:image: draws the rich menu (its items from src/line/rich-menu.ts) in headless
// Chromium and writes assets/rich-menu.png, which the project ships and `npm run rich-menu` uploads.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { escapeHtml } from "../../src/line/render/html.js";
import { RICH_MENU_ITEMS, RICH_MENU_SIZE } from "../../src/line/rich-menu.js";
import { launchChromium } from "./chromium.js";

export const RICH_MENU_IMAGE = path.resolve(import.meta.dirname, "../../assets/rich-menu.png");

/** One simple glyph per item, drawn with CSS: a bar chart, a hollow circle, a list, a question mark, a bell. */
const ICONS = [
  '<div class="icon bars"><i style="height:40%"></i><i style="height:75%"></i><i style="height:55%"></i><i style="height:95%"></i></div>',
  '<div class="icon ring"></div>',
  '<div class="icon rows"><i></i><i></i><i></i></div>',
  '<div class="icon mark">?</div>',
  '<div class="icon bell"><i></i><b></b></div>',
];
const COLORS = ["#0A5C99", "#A33F00", "#2F6F4E", "#5F4B8B", "#7A5A00"];

export function richMenuHtml(): string {
  const cells = RICH_MENU_ITEMS.map(
    (item, i) => `<div class="cell" style="--c:${COLORS[i % COLORS.length]}">${ICONS[i] ?? ""}
      <div class="label">${escapeHtml(item.label)}</div><div class="caption">${escapeHtml(item.caption)}</div></div>`,
  ).join("");
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>
    * { box-sizing: border-box; margin: 0; }
    body { width: ${RICH_MENU_SIZE.width}px; height: ${RICH_MENU_SIZE.height}px; display: flex; background: #F4F6F8;
      font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; }
    .cell { flex: 1 1 0; min-width: 0; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 28px;
      border-right: 6px solid #DCE1E6; border-top: 14px solid var(--c); background: #fff; }
    .cell:last-child { border-right: none; }
    .label { font-size: 60px; font-weight: 700; color: #1A1A1A; white-space: nowrap; }
    .caption { font-size: 40px; color: #55595E; white-space: nowrap; }
    .icon { width: 190px; height: 190px; display: flex; align-items: flex-end; justify-content: center; gap: 18px; }
    .bars i { display: block; width: 34px; background: var(--c); border-radius: 6px; }
    .ring { border: 30px solid var(--c); border-radius: 50%; width: 170px; height: 170px; }
    .rows { flex-direction: column; align-items: stretch; justify-content: center; gap: 26px; }
    .rows i { display: block; height: 30px; background: var(--c); border-radius: 15px; }
    .bell { flex-direction: column; align-items: center; justify-content: center; gap: 10px; }
    .bell i { display: block; width: 130px; height: 120px; background: var(--c); border-radius: 65px 65px 12px 12px; }
    .bell b { display: block; width: 44px; height: 30px; background: var(--c); border-radius: 0 0 22px 22px; }
    .mark { align-items: center; font-size: 170px; font-weight: 700; color: #fff; background: var(--c); border-radius: 50%; }
  </style></head><body>${cells}</body></html>`;
}

export async function renderRichMenuImage(): Promise<Buffer> {
  const browser = await launchChromium({ width: RICH_MENU_SIZE.width, height: RICH_MENU_SIZE.height });
  try {
    const page = await browser.context.newPage();
    await page.setContent(richMenuHtml());
    return await page.screenshot({ type: "png" });
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const image = await renderRichMenuImage();
  writeFileSync(RICH_MENU_IMAGE, image);
  console.log(`${RICH_MENU_IMAGE}: ${image.byteLength} bytes`);
}
