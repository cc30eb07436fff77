// Sending a payout from the dashboard as a merchant does it: paste an invoice a customer sent, preview what
// it is (amount, expiry, payee), confirm, and watch it paid; bad codes are explained and cannot be sent.
import { expect, test, type Page } from "@playwright/test";
import { startFakeLnurlPay } from "../support/fake-lnurl-pay";
import { TestWallet } from "../support/test-wallet";
import { cli, demoUrl, signIn } from "./demo-server";
import { printedSignIn, signInTo, sluiceCli, startSluice, stopSluice } from "./servers";
import { axeScan } from "./axe";

async function noSeriousA11yViolations(page: Page) {
  const { violations } = await axeScan(page);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

test.describe("payouts", () => {
  test.beforeAll(() => {
    cli("balance:credit", "--email", process.env.E2E_DEMO_EMAIL!, "--sats", "50000", "--note", "e2e payouts float");
  });

  test("the demo user previews an invoice, confirms, and sees the payout paid", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payouts" }).click();
    await expect(page.getByRole("heading", { name: "Payouts", level: 1 })).toBeVisible();
    await page.getByRole("link", { name: "Send payout" }).click();
    await expect(page.getByRole("heading", { name: "Send payout", level: 1 })).toBeVisible();

    // A customer's invoice, signed by their own node on the demo's network.
    const customer = new TestWallet("regtest");
    const invoice = customer.invoice(1_234_000n, { description: "Refund for order 55", expirySeconds: 3600 });
    await page.getByLabel("Pay to").fill(invoice);
    await expect(page.getByRole("button", { name: /^Confirm/ })).toHaveCount(0);
    await page.getByRole("button", { name: "Preview" }).click();
    const summary = page.getByTestId("scan-summary");
    await expect(summary).toContainText("BOLT 11 invoice");
    await expect(summary).toContainText("1,234 sats");
    await expect(summary).toContainText("Refund for order 55");
    await expect(summary).toContainText(customer.pubkey);
    await expect(summary).toContainText(/Expires\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    await page.getByLabel("Statement descriptor (your reference, optional)").fill("Order 55 refund");
    await noSeriousA11yViolations(page);
    await page.screenshot({ path: "artifacts/screenshots/payout-preview-1280.png", fullPage: true });

    await page.getByRole("button", { name: "Confirm and pay 1,234 sats" }).click();
    await expect(page).toHaveURL(/\/payouts\/po_[0-9a-z]{26}$/);
    const id = page.url().split("/").pop()!;
    await expect(page.getByTestId("status-badge")).toHaveText("paid", { timeout: 10_000 });
    await expect(page.getByRole("heading", { level: 1 })).toContainText("1,234 sats");
    await expect(page.getByTestId("payment-proof")).toContainText(invoice);
    await expect(page.getByText("Order 55 refund")).toBeVisible();
    await noSeriousA11yViolations(page);
    await page.screenshot({ path: "artifacts/screenshots/payout-paid-1280.png", fullPage: true });
    await page.setViewportSize({ width: 375, height: 740 });
    await noSidewaysScroll(page);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto(`${demoUrl()}/payouts?status=paid`);
    const row = page.getByRole("row").filter({ has: page.locator(`a[href="/payouts/${id}"]`) });
    await expect(row.getByTestId("status-badge")).toHaveText("paid");
    await expect(row).toContainText("Order 55 refund");
  });

  test("explains codes that cannot be paid, and offers no confirm button for them", async ({ page }) => {
    await signIn(page);
    await page.goto(`${demoUrl()}/payouts/new`);
    const payTo = page.getByLabel("Pay to");
    const preview = page.getByRole("button", { name: "Preview" });

    await payTo.fill("hello there");
    await preview.click();
    await expect(page.getByRole("alert").filter({ hasText: "not an LNURL" })).toBeVisible();

    const expired = new TestWallet("regtest").invoice(1_000n, { timestamp: Math.floor(Date.now() / 1000) - 7200, expirySeconds: 60 });
    await payTo.fill(expired);
    await preview.click();
    await expect(page.getByTestId("scan-summary")).toContainText("expired");
    await expect(page.getByText("This invoice has expired. Ask the payee for a new one.")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Confirm/ })).toHaveCount(0);

    await payTo.fill(new TestWallet("testnet").invoice(1_000n));
    await preview.click();
    await expect(page.getByText(/This invoice is for testnet/)).toBeVisible();
    await expect(page.getByRole("button", { name: /^Confirm/ })).toHaveCount(0);

    // An invoice without an amount asks for one; changing the pasted code hides the confirm button again.
    const open = new TestWallet("regtest").invoice(null);
    await payTo.fill(open);
    await preview.click();
    await expect(page.getByTestId("scan-summary")).toContainText("Not set: you choose it");
    await expect(page.getByLabel("Amount")).toBeVisible();
    await page.getByRole("button", { name: "Confirm and send" }).click();
    await expect(page.getByText("This invoice has no amount: give the amount to pay.")).toBeVisible();
    await payTo.fill(`${open}x`);
    await expect(page.getByRole("button", { name: /^Confirm/ })).toHaveCount(0);
    await noSeriousA11yViolations(page);
  });

  test("a finance user sees payouts but cannot send one", async ({ browser }) => {
    const email = `finance-payouts-${Date.now()}@demo.sluice.local`;
    cli("user:add", "--merchant-email", process.env.E2E_DEMO_EMAIL!, "--email", email, "--password", "finance password", "--role", "finance");
    const page = await (await browser.newContext()).newPage();
    await signIn(page, email, "finance password");
    await page.goto(`${demoUrl()}/payouts`);
    await expect(page.getByRole("heading", { name: "Payouts", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Send payout" })).toHaveCount(0);
    await page.goto(`${demoUrl()}/payouts/new`);
    await expect(page.getByText("Your role is read-only: ask an owner or admin to send payouts.")).toBeVisible();
    await expect(page.getByLabel("Pay to")).toHaveCount(0);
  });

  test("the API scans percent-encoded codes and pays an invoice, through the production server", async ({ request }) => {
    const key = cli("apikey:create", "--email", process.env.E2E_DEMO_EMAIL!).trim().split("\n").at(-1)!;
    const auth = { Authorization: `Bearer ${key}` };
    const scan = (code: string) => request.get(`${demoUrl()}/api/v1/lnurlscan/${encodeURIComponent(code)}`, { headers: auth });

    // Slashes, "?", "&" and "=" travel percent-encoded in the one path segment.
    const k1 = "ab".repeat(32);
    const auth1 = await scan(`keyauth://login.example.com/auth?tag=login&k1=${k1}&action=login`);
    expect(auth1.status()).toBe(200);
    expect(await auth1.json()).toMatchObject({ object: "lnurlscan", kind: "auth", domain: "login.example.com", k1, action: "login" });
    // This server allows no private addresses: a loopback LNURL service is refused before any request.
    const local = await scan("lnurlp://127.0.0.1:9/lnurlp/alice");
    expect(local.status()).toBe(400);
    expect((await local.json()).error).toMatchObject({ code: "lnurl_url_not_allowed", message: expect.stringContaining("127.0.0.1") });

    const invoice = new TestWallet("regtest").invoice(2_500_000n, { description: "API refund" });
    const scanned = await scan(`lightning:${invoice}`);
    expect(await scanned.json()).toMatchObject({ kind: "invoice", description: "API refund", invoice: { amount_msat: 2_500_000, payable: true, expired: false } });
    const created = await request.post(`${demoUrl()}/api/v1/payouts`, { headers: { ...auth, "Idempotency-Key": `e2e-${k1}-${Date.now()}` }, data: { ln_invoice: invoice } });
    expect(created.status()).toBe(201);
    const payout = await created.json();
    expect(payout).toMatchObject({ object: "payout", status: "paid", target_amount: 2500, destination_type: "ln_invoice" });
    const again = await request.post(`${demoUrl()}/api/v1/payouts`, { headers: auth, data: { ln_invoice: invoice } });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.code).toBe("invoice_already_used");
    const listed = await request.get(`${demoUrl()}/api/v1/payouts?limit=1`, { headers: auth });
    expect((await listed.json()).data[0].id).toBe(payout.id);
  });

  test("a merchant pays a Lightning Address from the dashboard: preview of the service, amount, paid", async ({ page }) => {
    // A Sluice of its own that may reach LNURL services on loopback (the shared demo server may not), and a
    // local Lightning Address service (LUD-16) that hands out real signed regtest invoices.
    const service = await startFakeLnurlPay({ network: "regtest" });
    const sluice = await startSluice("lnurl-local", { LNURL_ALLOW_PRIVATE_URLS: "true" });
    try {
      sluiceCli(sluice, "balance:credit", "--email", printedSignIn(sluice).email, "--sats", "20000", "--note", "e2e float");
      await signInTo(page, sluice);
      await page.goto(`${sluice.url}/payouts/new`);

      await page.getByLabel("Pay to").fill(service.address("alice"));
      await page.getByRole("button", { name: "Preview" }).click();
      const summary = page.getByTestId("scan-summary");
      await expect(summary).toContainText("Pay alice at the test shop");
      await expect(summary).toContainText(service.domain);
      await page.getByLabel("Amount").fill("2100");
      await noSeriousA11yViolations(page);
      await page.getByRole("button", { name: "Confirm and send" }).click();
      await expect(page).toHaveURL(/\/payouts\/po_[0-9a-z]{26}$/);
      await expect(page.getByTestId("status-badge")).toHaveText("paid", { timeout: 10_000 });
      // The service was asked for exactly 2 100 sats, and the invoice it gave is the one paid.
      expect(service.requests.map((r) => r.amountMsat)).toEqual([2_100_000n]);
      const [paidInvoice] = [...service.invoices.values()];
      await expect(page.getByTestId("payment-proof")).toContainText(paidInvoice);
    } finally {
      await stopSluice(sluice.child);
      await service.close();
    }
  });
});
