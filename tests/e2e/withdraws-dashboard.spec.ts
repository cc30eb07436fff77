// The withdraw pages as a merchant uses them: create with the live conversion, the detail page's QR and
// links, a wallet pulling the LNURL while the page is open (it turns paid by itself), the list, cancel,
// and a finance user who can look but not act, in the UI and on the server.
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { TestWallet } from "../support/test-wallet";
import { axeScan } from "./axe";

const base = () => process.env.E2E_DEMO_URL!;

function cli(...args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/sluice.ts", ...args], {
    env: { ...process.env, SLUICE_DATA_DIR: process.env.E2E_DEMO_DATA_DIR!, DATABASE_URL: "" },
    encoding: "utf8",
  });
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${base()}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signing in hashes the password (scrypt, 32 MiB) and then loads the overview, which near the end of the
  // suite sums a merchant's many withdraws, on 2 cores shared with a second server, two databases and Chromium.
  await expect(page.getByTestId("merchant-name")).toBeVisible({ timeout: 15_000 });
}

async function createWithdraw(page: Page, amount: string, currency: string, descriptor: string) {
  await page.goto(`${base()}/withdraws/new`);
  await page.getByLabel("Amount").fill(amount);
  await page.getByLabel("Currency").selectOption(currency);
  await page.getByLabel("Statement descriptor (shown in the wallet)").fill(descriptor);
  await page.getByRole("button", { name: "Create withdraw" }).click();
  await expect(page).toHaveURL(/\/withdraws\/wi_[0-9a-z]{26}$/);
  return page.url().split("/").pop()!;
}

async function noSeriousA11yViolations(page: Page) {
  const results = await axeScan(page);
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.describe("withdraw pages", () => {
  test.beforeAll(() => {
    cli("balance:credit", "--email", process.env.E2E_DEMO_EMAIL!, "--sats", "200000", "--note", "e2e dashboard float");
  });

  test("create, watch a wallet pull it live, find it paid in the list", async ({ page }) => {
    await signIn(page, process.env.E2E_DEMO_EMAIL!, process.env.E2E_DEMO_PASSWORD!);
    await page.goto(`${base()}/withdraws/new`);
    await page.getByLabel("Amount").fill("7.5");
    await page.getByLabel("Currency").selectOption("USD");
    // 7.5 USD at the configured 95 000 USD per BTC: 7 894 sats (rounded down), 7 994 reserved with the fee cap.
    await expect(page.getByTestId("conversion")).toContainText("7,894 sats");
    await expect(page.getByTestId("conversion")).toContainText("Reserves 7,994 sats");
    await page.getByLabel("Amount").fill("abc");
    await expect(page.getByTestId("conversion")).toContainText(/amount/i);
    await page.screenshot({ path: "artifacts/screenshots/withdraw-new-1280.png", fullPage: true });

    const id = await createWithdraw(page, "4321", "SATS", "Refund #77");
    await expect(page.getByTestId("status-badge")).toHaveText("unpaid");
    await expect(page.getByRole("img", { name: "QR code of the LNURL-withdraw link" })).toBeVisible();
    await expect(page.getByTestId("countdown")).toHaveText(/^9m \d\ds$|^10m 00s$/);
    const lnurl = (await page.locator("code", { hasText: /^LNURL1/ }).textContent())!;
    await expect(page.locator("code", { hasText: /^lnurlw:\/\// })).toBeVisible();
    await page.screenshot({ path: "artifacts/screenshots/withdraw-detail-1280.png", fullPage: true });
    await noSeriousA11yViolations(page);

    // A customer's wallet pulls it while the page stays open: the status changes without a reload.
    const reply = await new TestWallet("regtest").withdraw(lnurl);
    expect(reply.reply).toEqual({ status: "OK" });
    await expect(page.getByTestId("status-badge")).toHaveText("paid", { timeout: 5_000 });
    await expect(page.getByTestId("payment-proof")).toContainText("4,321");
    await expect(page.getByTestId("payment-proof")).toContainText(reply.invoice);
    await page.screenshot({ path: "artifacts/screenshots/withdraw-paid-1280.png", fullPage: true });

    await page.goto(`${base()}/withdraws?status=paid`);
    const row = page.getByRole("row", { name: /4321 SATS/ });
    await expect(row.getByTestId("status-badge")).toHaveText("paid");
    await page.getByLabel("Search id or descriptor start").fill(id);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(new RegExp(`q=${id}`));
    await expect(page.getByRole("row")).toHaveCount(2);
    await page.goBack();
    await expect(page).not.toHaveURL(/q=/);
    await expect(page.getByRole("table")).toBeVisible();
    await page.screenshot({ path: "artifacts/screenshots/withdraws-list-1280.png", fullPage: true });
    await noSeriousA11yViolations(page);
  });

  test("a range: the form checks the minimum live, the wallet takes part of it, the pages show what was paid", async ({ page }) => {
    await signIn(page, process.env.E2E_DEMO_EMAIL!, process.env.E2E_DEMO_PASSWORD!);
    await page.goto(`${base()}/withdraws/new`);
    await page.getByLabel("Amount").fill("5000");
    await page.getByLabel("Minimum (optional)").fill("6000");
    await expect(page.getByTestId("conversion")).toContainText("min_amount (6000 SATS) is above amount (5000 SATS)");
    await page.getByLabel("Minimum (optional)").fill("1000");
    await expect(page.getByTestId("conversion")).toContainText("1,000 to 5,000 sats");
    await expect(page.getByTestId("conversion")).toContainText("Reserves the most it can pay, 5,100 sats");
    await page.getByLabel("Statement descriptor (shown in the wallet)").fill("Tip jar");
    await page.getByRole("button", { name: "Create withdraw" }).click();
    await expect(page).toHaveURL(/\/withdraws\/wi_[0-9a-z]{26}$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("up to 5,000 sats (minimum 1,000)");
    await noSeriousA11yViolations(page);

    const lnurl = (await page.locator("code", { hasText: /^LNURL1/ }).textContent())!;
    const wallet = new TestWallet("regtest");
    const offer = await wallet.firstStep(lnurl);
    expect(offer).toMatchObject({ minWithdrawable: 1_000_000, maxWithdrawable: 5_000_000 });
    const { reply } = await wallet.callback(offer as { callback: string; k1: string }, wallet.invoice(2_500_000n));
    expect(reply).toEqual({ status: "OK" });
    await expect(page.getByTestId("status-badge")).toHaveText("paid", { timeout: 5_000 });
    await expect(page.getByTestId("payment-proof")).toContainText("2,500 of up to 5,000");

    await page.goto(`${base()}/withdraws?status=paid&q=tip`);
    await expect(page.getByRole("row", { name: /5000 SATS/ }).first()).toContainText(/2,500\s*of 1,000–5,000/);
  });

  test("the form names a bad minimum beside its field", async ({ page }) => {
    await signIn(page, process.env.E2E_DEMO_EMAIL!, process.env.E2E_DEMO_PASSWORD!);
    await page.goto(`${base()}/withdraws/new`);
    await page.getByLabel("Amount").fill("5000");
    await page.getByLabel("Minimum (optional)").fill("0");
    await page.getByRole("button", { name: "Create withdraw" }).click();
    const field = page.getByLabel("Minimum (optional)");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#field-minAmount-error")).toHaveText("min_amount must be greater than zero.");
    await expect(field).toHaveValue("0");
    await expect(page).toHaveURL(/\/withdraws\/new$/);
  });

  test("cancel asks for confirmation, then the link stops working", async ({ page }) => {
    await signIn(page, process.env.E2E_DEMO_EMAIL!, process.env.E2E_DEMO_PASSWORD!);
    await createWithdraw(page, "1000", "SATS", "To be cancelled");
    const lnurl = (await page.locator("code", { hasText: /^LNURL1/ }).textContent())!;
    await page.getByRole("button", { name: "Cancel withdraw" }).click();
    await page.getByRole("button", { name: "Keep it" }).click();
    await expect(page.getByTestId("status-badge")).toHaveText("unpaid");
    await page.getByRole("button", { name: "Cancel withdraw" }).click();
    await page.getByRole("button", { name: "Yes, cancel it" }).click();
    await expect(page.getByTestId("status-badge")).toHaveText("cancelled");
    expect(await new TestWallet("regtest").firstStep(lnurl)).toEqual({ status: "ERROR", reason: "This withdraw was cancelled." });
  });

  test("vouchers: three alike created at once, printed on A4 and Letter; a selection from the list", async ({ page }) => {
    await signIn(page, process.env.E2E_DEMO_EMAIL!, process.env.E2E_DEMO_PASSWORD!);
    await page.goto(`${base()}/withdraws/new`);
    await page.getByLabel("Amount").fill("2100");
    await page.getByLabel("How many alike (vouchers)").fill("3");
    await page.getByLabel("Statement descriptor (shown in the wallet)").fill("Gift voucher");
    await page.getByRole("button", { name: "Create withdraw" }).click();
    await expect(page).toHaveURL(/\/withdraws\/vouchers\?id=wi_/);
    await expect(page.getByTestId("voucher")).toHaveCount(3);
    await expect(page.getByTestId("voucher").first()).toContainText("2,100 sats");
    await expect(page.getByTestId("voucher").first()).toContainText("Gift voucher");
    await page.screenshot({ path: "artifacts/screenshots/vouchers-1280.png", fullPage: true });
    await noSeriousA11yViolations(page);
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("button", { name: "Print vouchers" })).toBeHidden();
    await expect(page.getByTestId("merchant-name")).toBeHidden();
    await page.screenshot({ path: "artifacts/screenshots/vouchers-print.png", fullPage: true });
    for (const format of ["A4", "Letter"] as const) {
      const pdf = await page.pdf({ format, path: `artifacts/screenshots/vouchers-${format}.pdf` });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    }
    await page.emulateMedia({ media: "screen" });

    await page.goto(`${base()}/withdraws?status=unpaid&q=gift`);
    const boxes = page.getByRole("checkbox");
    await expect(boxes).toHaveCount(3);
    await boxes.nth(0).check();
    await boxes.nth(2).check();
    await page.getByRole("button", { name: "Print selected as vouchers" }).click();
    await expect(page.getByTestId("voucher")).toHaveCount(2);
  });

  test("pages fit a 375 px phone", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn(page, process.env.E2E_DEMO_EMAIL!, process.env.E2E_DEMO_PASSWORD!);
    for (const [path, name] of [
      ["/withdraws", "withdraws-list"],
      ["/withdraws/new", "withdraw-new"],
    ] as const) {
      await page.goto(`${base()}${path}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `artifacts/screenshots/${name}-375.png`, fullPage: true });
    }
    await createWithdraw(page, "500", "SATS", "Phone");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "artifacts/screenshots/withdraw-detail-375.png", fullPage: true });
  });

  test("a finance user sees withdraws but cannot create or cancel, and the server refuses it too", async ({ browser }) => {
    const email = `finance-${Date.now()}@demo.sluice.local`;
    cli("user:add", "--merchant-email", process.env.E2E_DEMO_EMAIL!, "--email", email, "--password", "finance password", "--role", "finance");
    const finance = await (await browser.newContext()).newPage();
    await signIn(finance, email, "finance password");
    await finance.goto(`${base()}/withdraws`);
    await expect(finance.getByRole("link", { name: "New withdraw" })).toHaveCount(0);
    await finance.goto(`${base()}/withdraws/new`);
    await expect(finance.getByText("Your role is read-only")).toBeVisible();
    await expect(finance.getByRole("button", { name: "Create withdraw" })).toHaveCount(0);
    await finance.goto(`${base()}/withdraws?status=unpaid`);
    await finance.getByRole("row").nth(1).getByRole("link").click();
    await expect(finance).toHaveURL(/\/withdraws\/wi_[0-9a-z]{26}$/);
    await expect(finance.getByTestId("status-badge")).toHaveText("unpaid");
    await expect(finance.getByRole("button", { name: "Cancel withdraw" })).toHaveCount(0);

    // The owner's form, submitted with the finance user's session: the server action refuses it.
    const owner = await (await browser.newContext()).newPage();
    await signIn(owner, process.env.E2E_DEMO_EMAIL!, process.env.E2E_DEMO_PASSWORD!);
    await owner.goto(`${base()}/withdraws/new`);
    await owner.context().clearCookies();
    await owner.context().addCookies(await finance.context().cookies());
    await owner.getByLabel("Amount").fill("999");
    await owner.getByLabel("Statement descriptor (shown in the wallet)").fill("Finance attempt");
    await owner.getByRole("button", { name: "Create withdraw" }).click();
    await expect(owner.getByRole("alert").filter({ hasText: "read-only" })).toBeVisible();
    await finance.goto(`${base()}/withdraws?q=Finance%20attempt`);
    await expect(finance.getByText("No withdraws match these filters.")).toBeVisible();
  });
});
