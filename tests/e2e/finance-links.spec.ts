// A live withdraw link is money. In Chromium against the production build: a finance user walks every page
// that shows withdraws, batches and vouchers and finds no QR code, no voucher and no link anywhere (page
// HTML and the data sent to the browser included), while an owner sees them on the same withdraw.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { base, cli, createWithdrawOverApi, fullAccessKey, signIn } from "./demo";

const LINK_PATTERNS = [/lnurl1[02-9ac-hj-np-z]{20,}/i, /lnurlw:\/\//i, /\/api\/lnurl\/w\/[\w-]{20,}/, /\/claim\/[\w-]{20,}/];

function expectNoLink(html: string, lnurls: string[], where: string) {
  for (const lnurl of lnurls) {
    expect(html.includes(lnurl), `${where} shows a live LNURL`).toBe(false);
    expect(html.toLowerCase().includes(lnurl.toLowerCase()), `${where} shows a live LNURL (lower case)`).toBe(false);
  }
  for (const pattern of LINK_PATTERNS) expect(html, where).not.toMatch(pattern);
}

test("a finance user sees withdraws, batches and vouchers pages without any QR code, voucher or link", async ({ browser }) => {
  const owner = process.env.E2E_DEMO_EMAIL!;
  cli("balance:credit", "--email", owner, "--sats", "50000", "--note", "e2e links float");
  const key = fullAccessKey("e2e links");
  const created = await createWithdrawOverApi(key, { amount: "1234", currency: "SATS", statement_descriptor: "Links check" });
  const { id } = created;
  const lnurl = created.withdraw_methods_options.lnurl.withdraw_request;
  expect(lnurl).toMatch(/^LNURL1/);
  const upload = await fetch(`${base()}/api/v1/withdraws/batch?file_name=links.csv`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" },
    body: "amount,currency,descriptor\n1000,SATS,Batch link one\n1100,SATS,Batch link two\n",
  });
  expect(upload.status).toBe(201);
  const batch = (await upload.json()) as { id: string; withdraws: { id: string; withdraw_methods_options: { lnurl: { withdraw_request: string } } }[] };
  const lnurls = [lnurl, ...batch.withdraws.map((w) => w.withdraw_methods_options.lnurl.withdraw_request)];
  const ids = [id, ...batch.withdraws.map((w) => w.id)];

  // The owner sees the QR and the links on the withdraw page.
  const ownerPage = await (await browser.newContext()).newPage();
  await signIn(ownerPage, owner, process.env.E2E_DEMO_PASSWORD!);
  await ownerPage.goto(`${base()}/withdraws/${id}`);
  await expect(ownerPage.getByRole("img", { name: "QR code of the LNURL-withdraw link" })).toBeVisible();
  await expect(ownerPage.locator("code", { hasText: lnurl }).first()).toBeVisible();
  // And the claim page's link, the same capability in a form a person opens.
  await expect(ownerPage.locator("code", { hasText: /\/claim\/[\w-]{40,}$/ })).toBeVisible();

  const financeEmail = `finance-links-${randomBytes(4).toString("hex")}@demo.test`;
  cli("user:add", "--merchant-email", owner, "--email", financeEmail, "--password", "finance password", "--role", "finance");
  const page = await (await browser.newContext()).newPage();
  await signIn(page, financeEmail, "finance password");

  const pages = [
    "/",
    "/withdraws",
    `/withdraws/${id}`,
    `/withdraws/vouchers?${ids.map((x) => `id=${x}`).join("&")}`,
    `/withdraws/vouchers?qr=claim&${ids.map((x) => `id=${x}`).join("&")}`,
    "/withdraws/batches",
    `/withdraws/batches/${batch.id}`,
    `/withdraws/batches/${batch.id}/vouchers`,
    `/withdraws/batches/${batch.id}/vouchers?qr=claim`,
    "/payouts",
    "/balance",
    "/exports",
    "/statement",
    "/developers",
  ];
  for (const path of pages) {
    const response = await page.goto(`${base()}${path}`);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByTestId("merchant-name")).toBeVisible();
    expectNoLink(await page.content(), lnurls, path);
    await expect(page.getByRole("img", { name: /QR code/ }), path).toHaveCount(0);
    await expect(page.getByTestId("voucher"), path).toHaveCount(0);
  }

  await page.goto(`${base()}/withdraws/${id}`);
  await expect(page.getByTestId("link-withheld")).toContainText("only owners and admins may see it");
  await expect(page.getByText("Links check")).toBeVisible();
  await page.goto(`${base()}/withdraws/vouchers?id=${id}`);
  await expect(page.getByTestId("link-withheld")).toBeVisible();
  await page.goto(`${base()}/withdraws/batches/${batch.id}`);
  await expect(page.getByRole("link", { name: "Print vouchers" })).toHaveCount(0);
  await expect(page.getByText("Batch link one")).toBeVisible();

  // The batch's result file, downloaded with the finance user's session: rows, no links.
  const file = await page.request.get(`${base()}/withdraws/batches/${batch.id}/csv`);
  expect(file.status()).toBe(200);
  const csv = await file.text();
  expect(csv).toContain(batch.withdraws[0].id);
  expect(csv).toContain("withheld: read_only_access");
  expectNoLink(csv, lnurls, "the batch file");
  await page.screenshot({ path: "artifacts/screenshots/finance-batch-no-links.png", fullPage: true });
});
