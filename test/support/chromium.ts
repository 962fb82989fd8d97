// Debian's Chromium driven by playwright-core (Playwright's own download cannot reach its servers here).
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Without these Chromium keeps trying hosts it cannot reach (platform-notes.md). */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Why browser tests cannot run, or null when they can. Under CI=true a missing browser is a failure. */
export const BROWSER_MISSING = chromiumAvailable()
  ? null
  : `Chromium not found at ${CHROMIUM_PATH}: browser tests skipped (apt-get install -y chromium)`;

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless, in a fresh profile (--user-data-dir) that is removed on close. */
export async function launchChromium(options: { locale?: string } = {}): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), "chromium-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    locale: options.locale ?? "ja-JP",
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
