import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { fullAccessKey } from "./demo";

const base = () => process.env.E2E_DEMO_URL!;
const email = () => process.env.E2E_DEMO_EMAIL!;
const password = () => process.env.E2E_DEMO_PASSWORD!;

test.describe("sign-in on the embedded defaults", () => {
  test("a visitor who is not signed in is sent to the sign-in page", async ({ page }) => {
    await page.goto(`${base()}/`);
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByText("Its password was printed once")).toBeVisible();
  });

  test("a wrong password is refused and leaves the visitor on the sign-in page", async ({ page }) => {
    await page.goto(`${base()}/signin`);
    await page.getByLabel("Email").fill(email());
    await page.getByLabel("Password").fill(`${password()}-wrong`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/signin/);
    await page.goto(`${base()}/`);
    await expect(page).toHaveURL(/\/signin/);
  });

  test("the printed demo sign-in opens the dashboard, and signing out closes it", async ({ page }) => {
    await page.goto(`${base()}/signin`);
    await page.getByLabel("Email").fill(email());
    await page.getByLabel("Password").fill(password());
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).toHaveURL(`${base()}/`);
    await expect(page.getByTestId("merchant-name")).toHaveText("Demo Shop");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(page.getByTestId("database-kind")).toHaveText("Embedded PostgreSQL");
    await expect(page.getByTestId("lightning-backend")).toHaveText("Simulated node (regtest)");
    await expect(page.getByRole("status").filter({ hasText: "Simulated Lightning node" })).toBeVisible();
    await page.screenshot({ path: "artifacts/screenshots/dashboard.png", fullPage: true });

    // The session survives a reload; the signed-in user is sent from /signin to the dashboard.
    await page.goto(`${base()}/signin`);
    await expect(page).toHaveURL(`${base()}/`);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto(`${base()}/`);
    await expect(page).toHaveURL(/\/signin/);
  });

  test("the dashboard fits a phone screen", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${base()}/signin`);
    await page.getByLabel("Password").fill(password());
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("merchant-name")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "artifacts/screenshots/dashboard-phone.png", fullPage: true });
  });

  // Before the page's script runs (slow phone, script blocked), a click on "Sign in" must not submit the form
  // natively: that would be a GET with the password in the URL (history, logs, Referer).
  test("before the page is interactive, the password form cannot be sent, and never in a URL", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base()}/signin`);
    await page.getByLabel("Email").fill(email());
    await page.getByLabel("Password").fill(password());
    await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
    await page.getByLabel("Password").press("Enter");
    await page.waitForLoadState("load");
    expect(page.url()).toBe(`${base()}/signin`);
    expect(page.url()).not.toContain(encodeURIComponent(password()));
    await context.close();
  });

  test("the health endpoint tells anyone the status, and an API key the database and migrations", async ({ request }) => {
    const anonymous = await request.get(`${base()}/api/health`);
    expect(anonymous.status()).toBe(200);
    expect(await anonymous.json()).toEqual({ status: "ok" });
    const res = await request.get(`${base()}/api/health`, { headers: { Authorization: `Bearer ${fullAccessKey("e2e health")}` } });
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      database: { kind: "embedded", reachable: true },
      migrations: { pending: [], up_to_date: true },
    });
  });

  test("the data folder holds the database cluster, its generated password and the generated session secret", async () => {
    const dataDir = process.env.E2E_DEMO_DATA_DIR!;
    expect(existsSync(path.join(dataDir, "postgres", "PG_VERSION"))).toBe(true);
    expect(statSync(path.join(dataDir, "postgres-password")).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(dataDir, "nextauth-secret"))).toBe(true);
  });
});
