// `npm run screenshots:console`: every console page, as staff see it, in .scratch/screenshots/ (not in git).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { EDITOR } from "../support/admin.js";
import { BROWSER_MISSING } from "../support/browser-missing.js";
import { launchChromium } from "../support/chromium.js";
import { signInAs, startConsoleServer } from "../support/console-server.js";
import { nextEdition, officeBytes } from "../support/editions.js";
import { sampleMonth } from "../support/record-samples.js";

const DESKTOP = { width: 1280, height: 900 };
const OUT = path.resolve(import.meta.dirname, "../../.scratch/screenshots");

/** name → path and query of the page, with what to do on it first. */
const PAGES: [string, string][] = [
  ["dashboard", "/admin/"],
  ["try", `/admin/try?q=${encodeURIComponent("防災訓練は実施された？")}`],
  ["try-overview", `/admin/try?q=${encodeURIComponent("全体の進捗を教えて")}`],
  ["editions", "/admin/editions"],
  ["questions", "/admin/questions"],
  ["synonyms", `/admin/synonyms?words=${encodeURIComponent("シェイクアウト")}`],
  ["audit", "/admin/audit"],
];

async function main(): Promise<void> {
  if (BROWSER_MISSING) {
    process.stderr.write(`${BROWSER_MISSING}\n`);
    process.exitCode = 1;
    return;
  }
  await mkdir(OUT, { recursive: true });
  // A month of questions, so 質問の記録 and the dashboard have something to show.
  const server = await startConsoleServer({ record: sampleMonth() });
  const chromium = await launchChromium(DESKTOP);
  try {
    const page = await chromium.context.newPage();
    await page.goto(`${server.address}/admin/login`);
    await page.screenshot({ path: path.join(OUT, "login.png"), fullPage: true });
    await signInAs(page, server.address, EDITOR);
    for (const [name, url] of PAGES) {
      await page.goto(`${server.address}${url}`);
      const file = path.join(OUT, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`${file}\n`);
    }
    // The check page of an upload: a good edition, then one a guard stops.
    const uploads: [string, string][] = [
      ["edition-check", nextEdition()],
      ["edition-check-guard", nextEdition().split("\r\n").slice(0, 100).join("\r\n")],
    ];
    for (const [name, text] of uploads) {
      await page.goto(`${server.address}/admin/editions`);
      await page
        .getByLabel("進捗一覧のファイル")
        .setInputFiles({ name: `${name}.txt`, mimeType: "text/plain", buffer: officeBytes(text) });
      await page.getByRole("button", { name: "検証して差分を見る" }).click();
      const file = path.join(OUT, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`${file}\n`);
    }
  } finally {
    await chromium.close();
    await server.stop();
  }
}

await main();
