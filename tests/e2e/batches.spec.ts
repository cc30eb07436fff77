// Batch upload as the demo owner does it: the sample file, a file with a bad row (named by row and column,
// nothing created), the fixed file, the batch page, its result CSV with every LNURL, and the vouchers.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { decodeLnurl } from "@/lib/lnurl/codec";
import { axeScan } from "./axe";

const base = () => process.env.E2E_DEMO_URL!;

function cli(...args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/sluice.ts", ...args], {
    env: { ...process.env, SLUICE_DATA_DIR: process.env.E2E_DEMO_DATA_DIR!, DATABASE_URL: "" },
    encoding: "utf8",
  });
}

async function noSeriousA11yViolations(page: Page) {
  const results = await axeScan(page);
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const csvFile = (text: string) => ({ name: "meetup-prizes.csv", mimeType: "text/csv", buffer: Buffer.from(text) });

test("upload a batch, fix its bad row, download the LNURLs and print the vouchers", async ({ page }) => {
  cli("balance:credit", "--email", process.env.E2E_DEMO_EMAIL!, "--sats", "50000", "--note", "e2e batch float");
  await page.goto(`${base()}/signin`);
  await page.getByLabel("Email").fill(process.env.E2E_DEMO_EMAIL!);
  await page.getByLabel("Password").fill(process.env.E2E_DEMO_PASSWORD!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("merchant-name")).toBeVisible();

  await page.goto(`${base()}/withdraws`);
  await page.getByRole("link", { name: "Batch upload" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Batch upload" })).toBeVisible();
  await noSeriousA11yViolations(page);

  const [sample] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download sample CSV" }).click()]);
  expect(sample.suggestedFilename()).toBe("sluice-batch-sample.csv");
  expect(readFileSync((await sample.path())!, "utf8")).toMatch(/^amount,currency,ttl,descriptor,min_amount\r\n/);

  // A file over the limit is refused before it is sent.
  await page.getByLabel("CSV file").setInputFiles({ name: "huge.csv", mimeType: "text/csv", buffer: Buffer.alloc(65 * 1024 + 1, "1,SATS\n") });
  await page.getByRole("button", { name: "Upload and create withdraws" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "huge.csv is 66 KB; a batch file is at most 64 KB" })).toBeVisible();

  // Row 3 has a decimal comma in a quoted amount: refused, named, and nothing is created.
  const bad = 'amount,currency,ttl,descriptor\r\n1000,SATS,86400,First prize\r\n"12,50",EUR,,Second prize\r\n500,SATS,,"Third, shared"\r\n';
  await page.getByLabel("CSV file").setInputFiles(csvFile(bad));
  await page.getByRole("button", { name: "Upload and create withdraws" }).click();
  const problems = page.getByRole("list", { name: "Rows with errors" });
  await expect(problems.getByRole("listitem")).toHaveCount(1);
  await expect(problems.getByRole("listitem")).toContainText("Row 3, amount: Amount must use a dot as the decimal separator");
  await expect(page.getByRole("alert").filter({ hasText: "nothing was created" })).toBeVisible();
  await noSeriousA11yViolations(page);

  await page.getByLabel("CSV file").setInputFiles(csvFile(bad.replace('"12,50"', "12.50")));
  await page.getByRole("button", { name: "Upload and create withdraws" }).click();
  await expect(page).toHaveURL(/\/withdraws\/batches\/wb_[0-9a-z]{26}$/);
  const batchId = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1, name: "meetup-prizes.csv" })).toBeVisible();
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(2)).toContainText("12.5 EUR");
  await expect(rows.nth(3)).toContainText("Third, shared");
  await noSeriousA11yViolations(page);
  await page.screenshot({ path: "artifacts/screenshots/batch-1280.png", fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`${batchId}.csv`);
  const [header, ...lines] = parse(readFileSync((await download.path())!, "utf8"), { bom: true }) as string[][];
  expect(header).toEqual(["row", "withdraw_id", "amount", "currency", "sats", "descriptor", "expires_at", "status", "lnurl", "claim_url", "min_sats"]);
  expect(lines.map((l) => [l[0], l[2], l[3], l[5], l[7]])).toEqual([
    ["2", "1000", "SATS", "First prize", "unpaid"],
    ["3", "12.5", "EUR", "Second prize", "unpaid"],
    ["4", "500", "SATS", "Third, shared", "unpaid"],
  ]);
  for (const line of lines) {
    const first = await page.request.get(decodeLnurl(line[8]).replace(/^https?:\/\/[^/]+/, base()));
    expect(await first.json()).toMatchObject({ tag: "withdrawRequest" });
    // The claim page link carries the same secret as the LNURL.
    expect(line[9].split("/claim/")[1]).toBe(decodeLnurl(line[8]).split("/api/lnurl/w/")[1]);
  }

  await page.getByRole("link", { name: "Print vouchers" }).click();
  await expect(page).toHaveURL(new RegExp(`/withdraws/batches/${batchId}/vouchers$`));
  await expect(page.getByTestId("voucher")).toHaveCount(3);
  await expect(page.getByTestId("voucher").first()).toContainText("1,000 sats");
  await noSeriousA11yViolations(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print vouchers" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "What the QR codes open" })).toBeHidden();
  await page.emulateMedia({ media: "screen" });
  // The merchant may print the claim page's QR instead: a phone's camera opens it, whatever the wallet.
  await expect(page.getByRole("img", { name: /LNURL-withdraw\)$/ })).toHaveCount(3);
  await page.getByRole("link", { name: "The claim page (any phone camera)" }).click();
  await expect(page).toHaveURL(new RegExp(`/withdraws/batches/${batchId}/vouchers\\?qr=claim$`));
  await expect(page.getByRole("img", { name: /opens the claim page\)$/ })).toHaveCount(3);
  await expect(page.getByTestId("voucher").first()).toContainText("Scan with your phone's camera to claim");
  await noSeriousA11yViolations(page);

  await page.goto(`${base()}/withdraws/batches`);
  await expect(page.getByRole("link", { name: "meetup-prizes.csv" }).first()).toBeVisible();
  await noSeriousA11yViolations(page);
});

test("a finance user can see batches but not upload one", async ({ browser }) => {
  const email = `finance-batch-${Date.now()}@demo.sluice.local`;
  cli("user:add", "--merchant-email", process.env.E2E_DEMO_EMAIL!, "--email", email, "--password", "finance password", "--role", "finance");
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base()}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("finance password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("merchant-name")).toBeVisible();
  await page.goto(`${base()}/withdraws`);
  await expect(page.getByRole("link", { name: "Batch upload" })).toHaveCount(0);
  await page.goto(`${base()}/withdraws/batch`);
  await expect(page.getByText("Your role is read-only: ask an owner or admin to upload batches.")).toBeVisible();
  await expect(page.getByLabel("CSV file")).toHaveCount(0);
  await page.goto(`${base()}/withdraws/batches`);
  await expect(page.getByRole("link", { name: "meetup-prizes.csv" }).first()).toBeVisible();
  await noSeriousA11yViolations(page);
});
