// The whole flow of issue 4 as one person does it in a browser: fund the balance through the demo wallet,
// create a withdraw, show its QR, pull it with the demo wallet in a second tab, watch the first tab turn
// paid without a reload, find it paid in the list, and cancel another.
import { expect, test } from "@playwright/test";

const base = () => process.env.E2E_DEMO_URL!;

test("sign in, add funds through the demo wallet, create a withdraw, the demo wallet pulls it, it turns paid live", async ({ page, context }) => {
  await page.goto(`${base()}/signin`);
  await page.getByLabel("Email").fill(process.env.E2E_DEMO_EMAIL!);
  await page.getByLabel("Password").fill(process.env.E2E_DEMO_PASSWORD!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("merchant-name")).toHaveText("Demo Shop");

  // Add funds: a deposit invoice, paid from the demo wallet in a second tab.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Balance" }).click();
  await page.getByLabel("Amount (sats)").fill("30000");
  await page.getByRole("button", { name: "Create deposit invoice" }).click();
  const invoice = (await page.getByTestId("deposit-invoice").textContent())!.trim();
  const wallet = await context.newPage();
  await wallet.goto(`${base()}/demo/wallet`);
  await wallet.getByLabel("Lightning invoice").fill(invoice);
  await wallet.getByRole("button", { name: "Preview" }).click();
  await wallet.getByRole("button", { name: "Pay 30,000 sats" }).click();
  await expect(wallet.getByText("Paid 30,000 sats.")).toBeVisible();
  await expect(page.getByTestId("deposit-status")).toHaveAttribute("data-status", "paid", { timeout: 15_000 });

  // Create a withdraw; its page shows the QR and the links.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Withdraws" }).click();
  await page.getByRole("link", { name: "New withdraw" }).click();
  await page.getByLabel("Amount").fill("2.5");
  await page.getByLabel("Currency").selectOption("EUR");
  await expect(page.getByTestId("conversion")).toContainText("2,840 sats");
  await page.getByLabel("Statement descriptor (shown in the wallet)").fill("Journey refund");
  await page.getByRole("button", { name: "Create withdraw" }).click();
  await expect(page).toHaveURL(/\/withdraws\/wi_/);
  await expect(page.getByRole("img", { name: "QR code of the LNURL-withdraw link" })).toBeVisible();
  const lnurl = (await page.locator("code", { hasText: /^LNURL1/ }).textContent())!;

  // The demo wallet pulls it; the withdraw page changes by itself.
  await wallet.goto(`${base()}/demo/wallet`);
  await wallet.getByLabel("LNURL").fill(lnurl);
  await wallet.getByRole("button", { name: "Check" }).click();
  await expect(wallet.getByTestId("offer-description")).toHaveText("Journey refund");
  await wallet.getByRole("button", { name: "Withdraw" }).click();
  await expect(wallet.getByText("Received 2,840 sats.")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("status-badge")).toHaveText("paid", { timeout: 5_000 });
  // Between the simulator's own wallets the true preimage is revealed.
  await expect(page.getByTestId("payment-proof")).toContainText(/Preimage[0-9a-f]{64}/);

  await page.getByRole("link", { name: "← Withdraws" }).click();
  await expect(page.getByRole("row", { name: /Journey refund/ }).getByTestId("status-badge")).toHaveText("paid");

  // Cancel another one.
  await page.getByRole("link", { name: "New withdraw" }).click();
  await page.getByLabel("Amount").fill("100");
  await page.getByLabel("Statement descriptor (shown in the wallet)").fill("Journey cancel");
  await page.getByRole("button", { name: "Create withdraw" }).click();
  await page.getByRole("button", { name: "Cancel withdraw" }).click();
  await page.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page.getByTestId("status-badge")).toHaveText("cancelled");
  await page.goto(`${base()}/withdraws?status=cancelled&q=journey`);
  await expect(page.getByRole("row", { name: /Journey cancel/ })).toBeVisible();

  // The overview counts today's payouts, this one included, and draws them.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).click();
  const paidToday = Number((await page.getByTestId("paid-today").textContent())!.replace(/[^0-9.]/g, ""));
  expect(paidToday).toBeGreaterThanOrEqual(2840);
  await expect(page.getByRole("img", { name: "Payouts per day over the last 30 days" })).toBeVisible();
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.screenshot({ path: "artifacts/screenshots/overview-1280.png", fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "artifacts/screenshots/overview-375.png", fullPage: true });
});
