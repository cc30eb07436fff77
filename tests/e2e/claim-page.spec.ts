// The customer's side in Chromium, on a 375 px phone: a merchant sends a withdraw's claim link (by email, by
// chat); the customer opens it with no account and gets paid whichever way their wallet allows: an invoice
// pasted from the demo wallet, a Lightning Address served by a local LNURL-pay service (LUD-16), or the demo
// wallet scanning the LNURL. Two customers racing for one link: exactly one is paid. Every state of the page
// (unpaid, being paid, paid, cancelled, expired) is checked with axe, and the page works without JavaScript
// far enough to show the QR and the amount.
import { expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { startFakeLnurlPay } from "../support/fake-lnurl-pay";
import { TestWallet } from "../support/test-wallet";
import { axeScan } from "./axe";
import { printedSignIn, signInTo, sluiceCli, startSluice, stopSluice, type StartedSluice } from "./servers";

type Withdraw = {
  id: string;
  status: string;
  withdraw_methods_options: { lnurl: { withdraw_request: string | null; claim_url: string | null; payment_hash: string | null } };
};

let sluice: StartedSluice;
let service: Awaited<ReturnType<typeof startFakeLnurlPay>>;
let key: string;

const cli = (...args: string[]) => sluiceCli(sluice, ...args);

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sluice.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as T;
  expect(res.ok, JSON.stringify(json)).toBe(true);
  return json;
}

const createWithdraw = (body: Record<string, unknown>) => api<Withdraw>("POST", "/api/v1/withdraws", { currency: "SATS", ...body });
const getWithdraw = (id: string) => api<Withdraw>("GET", `/api/v1/withdraws/${id}`);

function claimUrlOf(w: Withdraw): string {
  const url = w.withdraw_methods_options.lnurl.claim_url;
  if (!url) throw new Error(`Withdraw ${w.id} came without its claim link.`);
  return url;
}

/** A phone with nobody signed in: the customer's browser. */
async function phone(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, ...options });
  return context.newPage();
}

async function noSeriousA11yViolations(page: Page, state: string) {
  const { violations } = await axeScan(page);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${state}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

const signInAsMerchant = (page: Page) => signInTo(page, sluice);

test.describe("the customer's claim page", () => {
  test.beforeAll(async () => {
    // A Sluice of its own: it may call LNURL services on loopback (the local Lightning Address service), and
    // its simulated node can be slowed down without disturbing the other specs.
    service = await startFakeLnurlPay({ network: "regtest" });
    sluice = await startSluice("claim", { LNURL_ALLOW_PRIVATE_URLS: "true" });
    const { email } = printedSignIn(sluice);
    cli("balance:credit", "--email", email, "--sats", "100000", "--note", "e2e claim float");
    key = cli("apikey:create", "--email", email, "--name", "claim e2e").trim().split("\n").pop()!.trim();
  });

  test.afterAll(async () => {
    await stopSluice(sluice.child);
    await service.close();
  });

  test("an invoice from the demo wallet, pasted on the phone: a wrong one is explained, the right one is paid and the receipt shows", async ({ browser, page }) => {
    const w = await createWithdraw({ amount: "2.5", currency: "USD", statement_descriptor: "Refund order 881" });
    const sats = (await getWithdraw(w.id)) as Withdraw & { target_amount: number };

    // The merchant's side: the demo wallet plays the customer's wallet and makes the invoices.
    await signInAsMerchant(page);
    await page.goto(`${sluice.url}/demo/wallet`);
    const receive = async (amount: number) => {
      await page.getByLabel("Amount to receive (sats)").fill(String(amount));
      await page.getByRole("button", { name: "Create invoice" }).click();
      const invoice = (await page.getByTestId("demo-receive-invoice").textContent())!.trim();
      expect(invoice).toMatch(/^lnbcrt/);
      return invoice;
    };
    const wrong = await receive(sats.target_amount - 1);

    const customer = await phone(browser);
    const response = await customer.goto(claimUrlOf(w));
    expect(response!.status()).toBe(200);
    // The address is the capability: it must not leak through a Referer, a search engine or a cache.
    expect(response!.headers()["referrer-policy"]).toBe("no-referrer");
    expect(response!.headers()["x-robots-tag"]).toContain("noindex");
    await expect(customer.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
    await expect(customer.getByRole("heading", { level: 1 })).toContainText("sends you");
    await expect(customer.getByTestId("claim-amount")).toHaveText(`${sats.target_amount.toLocaleString("en-US")} sats`);
    await expect(customer.getByText("2.5 USD")).toBeVisible();
    await expect(customer.getByText("Refund order 881")).toBeVisible();
    await expect(customer.getByTestId("countdown")).toHaveText(/^\d+m \d\ds$/);
    await expect(customer.getByRole("link", { name: "Open in wallet" })).toHaveAttribute("href", /^lightning:LNURL1[02-9AC-HJ-NP-Z]+$/);
    await noSeriousA11yViolations(customer, "unpaid");
    await noSidewaysScroll(customer);
    await customer.screenshot({ path: "artifacts/screenshots/claim-unpaid-375.png", fullPage: true });

    // The wrong amount is refused in plain words and nothing is claimed.
    await customer.getByLabel("Invoice").fill(wrong);
    await customer.getByRole("button", { name: "Get paid to this invoice" }).click();
    await expect(customer.getByText(/The invoice is for [\d,]+ sats; this withdraw pays exactly [\d,]+ sats/)).toBeVisible();
    // What the customer pasted stays in the field, next to the reason.
    await expect(customer.getByLabel("Invoice")).toHaveValue(wrong);
    expect((await getWithdraw(w.id)).status).toBe("unpaid");

    const right = await receive(sats.target_amount);
    await customer.getByLabel("Invoice").fill(right);
    await customer.getByRole("button", { name: "Get paid to this invoice" }).click();
    // The page follows the payment by itself, without a reload.
    const receipt = customer.getByTestId("claim-receipt");
    await expect(receipt).toBeVisible({ timeout: 15_000 });
    const paid = await getWithdraw(w.id);
    expect(paid.status).toBe("paid");
    await expect(receipt).toContainText(paid.withdraw_methods_options.lnurl.payment_hash!);
    await expect(receipt).toContainText(`${sats.target_amount.toLocaleString("en-US")} sats`);
    await expect(customer.getByLabel("Invoice")).toHaveCount(0);
    await noSeriousA11yViolations(customer, "paid");
    await noSidewaysScroll(customer);
    await customer.screenshot({ path: "artifacts/screenshots/claim-paid-375.png", fullPage: true });
    // And the customer's wallet has it.
    await expect(page.getByText(`Received ${sats.target_amount.toLocaleString("en-US")} sats.`)).toBeVisible({ timeout: 10_000 });
    await customer.context().close();
  });

  test("a Lightning Address: Sluice asks the local LNURL-pay service for the invoice and pays it", async ({ browser }) => {
    const w = await createWithdraw({ amount: "3100" });
    const customer = await phone(browser);
    await customer.goto(claimUrlOf(w));
    // A service that refuses: its reason is shown, and the withdraw is still there to claim.
    await customer.getByLabel("Lightning Address or LNURL-pay").fill(service.address("refuses"));
    await customer.getByRole("button", { name: "Send to this address" }).click();
    await expect(customer.getByText(/This shop is closed today/)).toBeVisible();
    expect((await getWithdraw(w.id)).status).toBe("unpaid");

    await customer.getByLabel("Lightning Address or LNURL-pay").fill(service.address("alice"));
    await customer.getByRole("button", { name: "Send to this address" }).click();
    await expect(customer.getByTestId("claim-receipt")).toBeVisible({ timeout: 15_000 });
    // The service was asked for exactly the withdraw's amount, and its invoice is the one paid.
    expect(service.requests.map((r) => r.amountMsat)).toContain(3_100_000n);
    const paid = await getWithdraw(w.id);
    expect(paid.status).toBe("paid");
    const invoices = [...service.invoices.values()];
    const paidInvoice = (paid as Withdraw & { withdraw_methods_options: { lnurl: { receiver_ln_invoice: string } } }).withdraw_methods_options.lnurl.receiver_ln_invoice;
    expect(invoices).toContain(paidInvoice);
    await customer.context().close();
  });

  test("a ranged withdraw: the customer chooses the amount, and only that is paid", async ({ browser }) => {
    const w = await createWithdraw({ amount: "5000", min_amount: "1000" });
    const customer = await phone(browser);
    await customer.goto(claimUrlOf(w));
    await expect(customer.getByTestId("claim-amount")).toHaveText("Up to 5,000 sats");
    await expect(customer.getByText("You choose the amount: at least 1,000 sats.")).toBeVisible();
    await expect(customer.getByText("Create an invoice for between 1,000 and 5,000 sats")).toBeVisible();
    await customer.getByLabel("Lightning Address or LNURL-pay").fill(service.address("alice"));
    await customer.getByLabel("Amount (sats)").fill("500");
    await customer.getByRole("button", { name: "Send to this address" }).click();
    await expect(customer.getByText("Choose an amount between 1,000 and 5,000 sats.")).toBeVisible();
    await expect(customer.getByLabel("Lightning Address or LNURL-pay")).toHaveValue(service.address("alice"));
    await noSeriousA11yViolations(customer, "ranged, with an error");
    await customer.getByLabel("Amount (sats)").fill("2000");
    await customer.getByRole("button", { name: "Send to this address" }).click();
    await expect(customer.getByTestId("claim-receipt")).toContainText("2,000 sats", { timeout: 15_000 });
    const paid = (await getWithdraw(w.id)) as Withdraw & { target_amount_paid: number };
    expect(paid.target_amount_paid).toBe(2000);
    await customer.context().close();
  });

  test("the demo wallet scans the LNURL the page offers; the open page shows being paid, then paid, by itself", async ({ browser, page }) => {
    const w = await createWithdraw({ amount: "1500" });
    const customer = await phone(browser);
    await customer.goto(claimUrlOf(w));
    const lnurl = (await customer.getByRole("link", { name: "Open in wallet" }).getAttribute("href"))!.replace(/^lightning:/, "");

    // A slow node keeps the payment in flight long enough to see (and check) the "being paid" page.
    cli("sim:mode", "--mode", "slow", "--delay-ms", "4000");
    try {
      await signInAsMerchant(page);
      await page.goto(`${sluice.url}/demo/wallet`);
      await page.getByLabel("LNURL").fill(lnurl);
      await page.getByRole("button", { name: "Check" }).click();
      await page.getByRole("button", { name: /^Withdraw/ }).click();
      await expect(customer.getByRole("heading", { name: "Being paid" })).toBeVisible({ timeout: 10_000 });
      await expect(customer.getByLabel("Invoice")).toHaveCount(0);
      await noSeriousA11yViolations(customer, "being paid");
      await expect(customer.getByTestId("claim-receipt")).toBeVisible({ timeout: 20_000 });
    } finally {
      cli("sim:mode", "--mode", "normal");
    }
    expect((await getWithdraw(w.id)).status).toBe("paid");
    await customer.context().close();
  });

  test("two customers race for the same link with their own invoices: exactly one is paid", async ({ browser }) => {
    const w = await createWithdraw({ amount: "1200" });
    const [alice, bob] = [new TestWallet("regtest"), new TestWallet("regtest")];
    const [a, b] = [await phone(browser), await phone(browser)];
    await Promise.all([a.goto(claimUrlOf(w)), b.goto(claimUrlOf(w))]);
    const invoices = [alice.invoice(1_200_000n), bob.invoice(1_200_000n)];
    await a.getByLabel("Invoice").fill(invoices[0]);
    await b.getByLabel("Invoice").fill(invoices[1]);
    await Promise.all([
      a.getByRole("button", { name: "Get paid to this invoice" }).click(),
      b.getByRole("button", { name: "Get paid to this invoice" }).click(),
    ]);
    await expect(a.getByTestId("claim-receipt")).toBeVisible({ timeout: 15_000 });
    await expect(b.getByTestId("claim-receipt")).toBeVisible({ timeout: 15_000 });
    const paid = (await getWithdraw(w.id)) as Withdraw & { withdraw_methods_options: { lnurl: { receiver_ln_invoice: string } } };
    expect(paid.status).toBe("paid");
    // One of the two invoices was paid, once; the other customer's page shows the same single payment.
    expect(invoices).toContain(paid.withdraw_methods_options.lnurl.receiver_ln_invoice);
    const { rows } = await withDatabase((client) => client.query<{ n: string }>("SELECT count(*) AS n FROM withdraw_payments WHERE withdraw_id = $1 AND status <> 'failed'", [w.id]));
    expect(Number(rows[0].n)).toBe(1);
    await a.context().close();
    await b.context().close();
  });

  test("cancelled and expired links show a clear page with no form", async ({ browser }) => {
    const cancelled = await createWithdraw({ amount: "1000" });
    await api("POST", `/api/v1/withdraws/${cancelled.id}/cancel`);
    const expired = await createWithdraw({ amount: "1000" });
    // Time passes: the withdraw's expiry is moved into the past, as if its ten minutes were over.
    await withDatabase((client) => client.query("UPDATE withdraws SET expires_at = now() - interval '1 second' WHERE id = $1", [expired.id]));

    const customer = await phone(browser);
    for (const [w, heading, state] of [
      [cancelled, "This link was cancelled", "cancelled"],
      [expired, "This link has expired", "expired"],
    ] as const) {
      await customer.goto(claimUrlOf(w));
      await expect(customer.getByRole("heading", { name: heading })).toBeVisible();
      await expect(customer.getByLabel("Invoice")).toHaveCount(0);
      await expect(customer.getByRole("link", { name: "Open in wallet" })).toHaveCount(0);
      await noSeriousA11yViolations(customer, state);
    }
    // A made-up secret opens nothing.
    const missing = await customer.goto(`${sluice.url}/claim/${"A".repeat(43)}`);
    expect(missing!.status()).toBe(404);
    await customer.context().close();
  });

  test("with JavaScript off the page still shows the amount and the QR code", async ({ browser }) => {
    const w = await createWithdraw({ amount: "4200" });
    const customer = await phone(browser, { javaScriptEnabled: false });
    await customer.goto(claimUrlOf(w));
    await expect(customer.getByTestId("claim-amount")).toHaveText("4,200 sats");
    await expect(customer.getByRole("img", { name: /QR code to withdraw exactly 4,200 sats/ })).toBeVisible();
    await expect(customer.getByRole("link", { name: "Open in wallet" })).toBeVisible();
    await expect(customer.getByText(/at \d{4}-\d\d-\d\d \d\d:\d\d UTC/)).toBeVisible();
    await customer.context().close();
  });
});

async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: cli("db:url").trim() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
