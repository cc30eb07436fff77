// The balance page and the demo wallet, in the browser against the production build: a merchant adds funds
// by paying a deposit invoice from the demo wallet, and the demo wallet pulls a withdraw's LNURL. The demo
// server's data is shared with the other spec files, so balances are compared as differences.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { cli, signIn } from "./demo-server";
import { axeScan } from "./axe";

const base = () => process.env.E2E_DEMO_URL!;
const email = () => process.env.E2E_DEMO_EMAIL!;

async function msat(page: Page, testId: string): Promise<bigint> {
  return BigInt((await page.getByTestId(testId).locator("[data-msat]").getAttribute("data-msat"))!);
}

async function expectNoSeriousAxeViolations(page: Page) {
  const { violations } = await axeScan(page);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target) }))).toEqual([]);
}

async function screenshots(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `artifacts/screenshots/${name}.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `artifacts/screenshots/${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a deposit invoice paid from the demo wallet turns paid by itself and credits the balance", async ({ page, context }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Balance" }).click();
  await expect(page.getByRole("heading", { name: "Balance", level: 1 })).toBeVisible();
  const before = await msat(page, "available-balance");

  await page.getByLabel("Amount (sats)").fill("12.5");
  await page.getByRole("button", { name: "Create deposit invoice" }).click();
  await expect(page.getByText("Enter a whole number of sats, such as 50000.")).toBeVisible();
  await expect(page).toHaveURL(`${base()}/balance`);
  await page.getByLabel("Amount (sats)").fill("50 000");
  await page.getByRole("button", { name: "Create deposit invoice" }).click();
  await expect(page).toHaveURL(/\/balance\?deposit=dep_[0-9a-z]{26}$/);
  await expect(page.getByRole("img", { name: "QR code of the deposit invoice for 50,000 sats" })).toBeVisible();
  await expect(page.getByTestId("deposit-status")).toHaveText("Waiting for payment…");
  const invoice = (await page.getByTestId("deposit-invoice").textContent())!.trim();
  expect(invoice).toMatch(/^lnbcrt500u1/);
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, "balance-deposit");

  const wallet = await context.newPage();
  await wallet.goto(`${base()}/demo/wallet`);
  await expect(wallet.getByRole("heading", { name: "Demo wallet" })).toBeVisible();
  const walletBefore = await msat(wallet, "demo-wallet-balance");
  await wallet.getByLabel("Lightning invoice").fill(invoice);
  await wallet.getByRole("button", { name: "Preview" }).click();
  await expect(wallet.getByTestId("invoice-amount")).toHaveText("50,000 sats");
  await wallet.getByRole("button", { name: "Pay 50,000 sats" }).click();
  await expect(wallet.getByText("Paid 50,000 sats.")).toBeVisible();
  await expect.poll(() => msat(wallet, "demo-wallet-balance")).toBe(walletBefore - 50_000_000n);

  // No reload: the page polls, turns paid, and re-renders with the credited balance and ledger entry.
  await expect(page.getByTestId("deposit-status")).toHaveAttribute("data-status", "paid", { timeout: 15_000 });
  await expect.poll(() => msat(page, "available-balance")).toBe(before + 50_000_000n);
  const newest = page.getByTestId("ledger-entry").first();
  await expect(newest).toHaveAttribute("data-kind", "credit");
  await expect(newest.getByRole("link", { name: /^dep_/ })).toBeVisible();
  await screenshots(page, "balance-paid");
});

test("the demo wallet withdraws a merchant's LNURL and receives the sats", async ({ page, request }) => {
  expect(cli("balance:credit", "--email", email(), "--sats", "5000", "--note", "e2e demo wallet float")).toContain("available");
  const key = cli("apikey:create", "--email", email()).trim().split("\n").at(-1)!;
  const auth = { Authorization: `Bearer ${key}` };
  const created = await request.post(`${base()}/api/v1/withdraws`, {
    headers: auth,
    data: { amount: "1234", currency: "SATS", statement_descriptor: "E2E demo wallet" },
  });
  expect(created.status()).toBe(201);
  const withdraw = await created.json();

  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);
  await page.goto(`${base()}/demo/wallet`);
  const walletBefore = await msat(page, "demo-wallet-balance");
  // "Check" is enabled once the form's state holds the text, which it does only for text typed after React
  // has hydrated the page: type again until it does.
  await expect(async () => {
    await page.getByLabel("LNURL").fill(withdraw.withdraw_methods_options.lnurl.withdraw_request);
    await expect(page.getByRole("button", { name: "Check" })).toBeEnabled({ timeout: 1000 });
  }).toPass();
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("offer-description")).toHaveText("E2E demo wallet");
  await expect(page.getByTestId("offer-range")).toHaveText("1,234 sats");
  await expect(page.getByLabel("Amount to withdraw (sats)")).toHaveValue("1234");
  await page.getByRole("button", { name: "Withdraw" }).click();
  await expect(page.getByText("Received 1,234 sats.")).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => msat(page, "demo-wallet-balance")).toBe(walletBefore + 1_234_000n);
  const paid = await (await request.get(`${base()}/api/v1/withdraws/${withdraw.id}`, { headers: auth })).json();
  expect(paid).toMatchObject({ status: "paid", target_amount_paid: 1234 });
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, "demo-wallet-received");

  // The same link again: the service's refusal is shown as it was given.
  await page.getByLabel("LNURL").fill(withdraw.withdraw_methods_options.lnurl.lnurlw);
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "refused" })).toHaveText("The service refused: This withdraw has already been paid.");
  await page.getByLabel("LNURL").fill("LNURL1NOTAREALLINK");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText("That is not an LNURL: The LNURL is not valid bech32.")).toBeVisible();
});

test("finance staff see the balance and ledger but cannot add funds", async ({ page }) => {
  const financeEmail = `finance-${randomBytes(4).toString("hex")}@demo.test`;
  cli("user:add", "--merchant-email", email(), "--email", financeEmail, "--password", "finance password", "--role", "finance");
  await signIn(page, financeEmail, "finance password");
  await page.goto(`${base()}/balance`);
  await expect(page.getByTestId("available-balance")).toBeVisible();
  await expect(page.getByTestId("ledger-entry").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Create deposit invoice" })).toHaveCount(0);
  await expect(page.getByText("Add funds")).toHaveCount(0);
});

test("a ledger page cursor that does not exist is explained, with a way back", async ({ page }) => {
  await signIn(page);
  await page.goto(`${base()}/balance?before=le_00000000000000000000000000`);
  await expect(page.getByRole("alert").filter({ hasText: "ledger" })).toContainText("That page of the ledger does not exist.");
  await page.getByRole("link", { name: "Show the newest entries" }).click();
  await expect(page).toHaveURL(`${base()}/balance`);
  await expect(page.getByTestId("ledger-entry").first()).toBeVisible();
});
