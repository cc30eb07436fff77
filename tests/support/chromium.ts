// Which Chromium the browser tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the browser
// Playwright downloaded itself (`npx playwright install chromium` on machines that can).
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function chromiumPath(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH points at ${configured}, which does not exist.`);
    return configured;
  }
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  throw new Error(
    "No Chromium found for the browser tests. Install one: `apt-get install chromium` (Debian), " +
      "or `npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium executable.",
  );
}
