// A screenshot of the dashboard's overview for the README: signs in to a running Sluice in Chromium and saves
// the page as a PNG.
//   npx tsx scripts/screenshot.ts --email <owner's email> --password <password> [--url http://localhost:3000]
//     [--out docs/images/dashboard.png]
// The demo merchant's sign-in is the one `npm start` prints on its first start.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumPath } from "@/tests/support/chromium";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3000" },
    email: { type: "string" },
    password: { type: "string" },
    out: { type: "string", default: "docs/images/dashboard.png" },
  },
});
if (!values.email || !values.password) {
  console.error("Usage: npx tsx scripts/screenshot.ts --email E --password P [--url URL] [--out FILE]");
  process.exit(2);
}

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await page.goto(`${values.url}/signin`);
  await page.getByLabel("Email").fill(values.email);
  await page.getByLabel("Password").fill(values.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("merchant-name").waitFor({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  mkdirSync(path.dirname(values.out), { recursive: true });
  await page.screenshot({ path: values.out });
  console.log(`Saved ${values.out}`);
} finally {
  await browser.close();
}
