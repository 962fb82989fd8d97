import { CHROMIUM_PATH, chromiumAvailable } from "./chromium.js";

/** Why browser tests cannot run here, or null when they can. Under CI=true a missing browser fails. */
export const BROWSER_MISSING = chromiumAvailable()
  ? null
  : `Chromium not found at ${CHROMIUM_PATH}: browser tests skipped (apt-get install -y chromium)`;
