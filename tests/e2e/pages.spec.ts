// Every page a person reaches, at 1280 px and at a 375 px phone: it renders, nothing overflows sideways,
// axe-core finds no serious or critical accessibility violation, and a screenshot is kept for review.
import { expect, test, type Page } from "@playwright/test";
import { axeScan } from "./axe";

const base = () => process.env.E2E_DEMO_URL!;

/** Collects what the browser refused under the Content-Security-Policy (proxy.ts) while the page is open. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy|Refused to (execute|load|apply|connect|frame)/i.test(message.text())) seen.push(`${page.url()}: ${message.text()}`);
  });
  return seen;
}

const PAGES = [
  ["/", "overview"],
  ["/withdraws", "withdraws"],
  ["/withdraws/new", "withdraw-new"],
  ["/withdraws/vouchers", "vouchers-empty"],
  ["/withdraws/batch", "withdraw-batch"],
  ["/withdraws/batches", "batches"],
  ["/payouts", "payouts"],
  ["/payouts/new", "payout-new"],
  ["/balance", "balance"],
  ["/statement", "statement"],
  ["/exports", "exports"],
  ["/team", "team"],
  ["/node", "node"],
  ["/developers", "developers"],
  ["/developers/api-keys", "api-keys"],
  ["/developers/webhooks", "webhooks"],
  ["/docs/api", "api-reference"],
  ["/demo/wallet", "demo-wallet"],
  ["/settings", "settings"],
] as const;

test("the sign-in page is accessible", async ({ page }) => {
  const refused = cspViolations(page);
  await page.goto(`${base()}/signin`);
  // The button is enabled once React has hydrated the form; the scan then waits for its colour to settle.
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  const { violations } = await axeScan(page);
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  expect(refused).toEqual([]);
});

for (const [width, suffix] of [[1280, "1280"], [375, "375"]] as const) {
  test(`every dashboard page at ${width} px`, async ({ page }) => {
    // One test walks every page with an axe scan each: give it the time of a sweep, not of one page.
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height: 900 });
    const refused = cspViolations(page);
    await page.goto(`${base()}/signin`);
    await page.getByLabel("Email").fill(process.env.E2E_DEMO_EMAIL!);
    await page.getByLabel("Password").fill(process.env.E2E_DEMO_PASSWORD!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("merchant-name")).toBeVisible();
    for (const [path, name] of PAGES) {
      const res = await page.goto(`${base()}${path}`);
      expect(res?.status(), path).toBe(200);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await expect(page.getByRole("status", { name: /^Loading/ })).toHaveCount(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), path).toBeLessThanOrEqual(0);
      const { violations } = await axeScan(page);
      expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${path}: ${v.id}`)).toEqual([]);
      await page.screenshot({ path: `artifacts/screenshots/page-${name}-${suffix}.png`, fullPage: true });
    }
    // Every page above ran its scripts and styles under the CSP without the browser refusing any of them.
    expect(refused).toEqual([]);
  });
}
