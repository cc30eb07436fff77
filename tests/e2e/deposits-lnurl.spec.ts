// Balance → Add funds → "Receive from an LNURL-withdraw link", as a merchant does it: paste another service's
// link (a local LNURL-withdraw service that pays through the simulator of this Sluice), optionally an amount,
// and watch the deposit turn paid by itself and the balance grow; a service that refuses is explained.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { startFakeLnurlWithdraw, type FakeLnurlWithdraw } from "../support/fake-lnurl-withdraw";
import { axeScan } from "./axe";
import { signInTo, startSluice, stopSluice, type StartedSluice } from "./servers";

const run = promisify(execFile);

let sluice: StartedSluice;
let service: FakeLnurlWithdraw;

test.beforeAll(async () => {
  // A Sluice of its own that may reach LNURL services on loopback (the shared demo server may not).
  sluice = await startSluice("lnurlw-local", { LNURL_ALLOW_PRIVATE_URLS: "true" });
  // The service pays as a customer's wallet would: from this Sluice's simulated demo wallet, through its CLI.
  service = await startFakeLnurlWithdraw({
    pay: (invoice) =>
      run(process.execPath, ["--import", "tsx", "scripts/sluice.ts", "sim:pay", "--invoice", invoice], {
        env: { ...process.env, SLUICE_DATA_DIR: sluice.dataDir, DATABASE_URL: "" },
      }),
  });
});
test.afterAll(async () => {
  await service?.close();
  if (sluice) await stopSluice(sluice.child);
});

const signIn = (page: Page) => signInTo(page, sluice);

async function available(page: Page): Promise<bigint> {
  return BigInt((await page.getByTestId("available-balance").locator("[data-msat]").getAttribute("data-msat"))!);
}

test("a merchant receives from an LNURL-withdraw link and sees it paid and credited", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);
  await page.goto(`${sluice.url}/balance`);
  const before = await available(page);
  const form = page.getByRole("form", { name: "Receive from an LNURL-withdraw link" });
  await expect(page.getByRole("heading", { name: "Create an invoice" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Receive from an LNURL-withdraw link" })).toBeVisible();

  // Out of the link's range: explained under the amount, nothing asked of the service.
  await form.getByLabel("LNURL-withdraw link").fill(service.lnurl("ok"));
  await form.getByLabel("Amount (sats, optional)").fill("60000");
  await form.getByRole("button", { name: "Receive funds" }).click();
  await expect(form.getByText("between 1 sat and 50000 sat")).toBeVisible();
  expect(service.callbacks).toEqual([]);

  const { violations } = await axeScan(page);
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  // The pasted link stays in the form for the correction.
  await expect(form.getByLabel("LNURL-withdraw link")).toHaveValue(service.lnurl("ok"));
  await form.getByLabel("Amount (sats, optional)").fill("3000");
  await form.getByRole("button", { name: "Receive funds" }).click();
  // The answer waits a few seconds for the service to pay.
  await expect(page).toHaveURL(/\/balance\?deposit=dep_[0-9a-z]{26}$/, { timeout: 20_000 });
  await expect(page.getByTestId("deposit-source")).toContainText(service.domain);
  await expect(page.getByTestId("deposit-status")).toHaveAttribute("data-status", "paid", { timeout: 20_000 });
  await expect.poll(() => available(page)).toBe(before + 3_000_000n);
  expect(service.callbacks).toEqual([expect.objectContaining({ mode: "ok", answer: "OK" })]);
});

test("a service that refuses to pay is explained, and the deposit is kept as failed", async ({ page }) => {
  await signIn(page);
  await page.goto(`${sluice.url}/balance`);
  const form = page.getByRole("form", { name: "Receive from an LNURL-withdraw link" });
  await form.getByLabel("LNURL-withdraw link").fill(service.lnurl("refuses"));
  await form.getByRole("button", { name: "Receive funds" }).click();
  await expect(form.getByText("This voucher has already been used.")).toBeVisible();
  await expect(form.getByText(/Deposit dep_[0-9a-z]{26} is marked failed\./)).toBeVisible();
  await expect(page).toHaveURL(`${sluice.url}/balance`);
});
