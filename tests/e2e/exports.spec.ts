// Issue 5's "done means", in the browser against the production build: a finance user signs in, exports a
// filtered month as CSV in a stated time zone, finds hostile text neutralised and amounts exact, sees the
// statement reconcile; the owner sees the export in the audit, the finance user does not see the audit.
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { cli, demoEmail, demoUrl, signIn } from "./demo-server";
import { axeScan } from "./axe";

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test("a finance user exports a filtered month as spreadsheet-safe CSV, and the statement reconciles", async ({ browser }) => {
  const tag = randomBytes(3).toString("hex");
  const financeEmail = `finance-${tag}@exports.test`;
  cli("user:add", "--merchant-email", demoEmail(), "--email", financeEmail, "--password", "finance password 1", "--role", "finance");
  cli("balance:credit", "--email", demoEmail(), "--sats", "50000", "--note", `e2e exports ${tag}`);
  const hostile = `=HYPERLINK("http://evil.test","Zürich ☕ ${tag}")`;
  cli("withdraw:create", "--email", demoEmail(), "--amount", "2.5", "--currency", "EUR", "--descriptor", hostile);
  cli("withdraw:create", "--email", demoEmail(), "--amount", "777", "--currency", "SATS", "--descriptor", `Plain ${tag}`);

  const finance = await (await browser.newContext()).newPage();
  await signIn(finance, financeEmail, "finance password 1");
  await nav(finance).getByRole("link", { name: "Exports" }).click();
  await expect(finance.getByRole("heading", { name: "Exports", level: 1 })).toBeVisible();
  // The audit is for owners.
  await expect(finance.getByText("Export history")).toHaveCount(0);
  expect((await axeScan(finance)).violations).toEqual([]);

  // A start date after the end date comes back to the form with the reason, and downloads nothing.
  const form = finance.getByRole("form", { name: "Withdraws" });
  await form.getByLabel("From (first day)").fill("2026-12-31");
  await form.getByLabel("To (last day, included)").fill("2026-01-01");
  await form.getByRole("button", { name: "Download withdraws" }).click();
  const refused = finance.getByRole("form", { name: "Withdraws" });
  await expect(refused.getByRole("alert")).toHaveText("The start date is after the end date.");
  await expect(refused.getByLabel("From (first day)")).toHaveValue("2026-12-31");

  // This month in Berlin, euros only, as CSV.
  // Dates as Berlin sees them: around midnight UTC, Berlin is already on the next day (or month).
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date());
  const month = today.slice(0, 7);
  const again = finance.getByRole("form", { name: "Withdraws" });
  await again.getByLabel("Currency").selectOption("EUR");
  await again.getByLabel("From (first day)").fill(`${month}-01`);
  await again.getByLabel("To (last day, included)").fill(today);
  await again.getByLabel("Time zone of the dates").selectOption("Europe/Berlin");
  await again.getByLabel("Format").selectOption("csv");
  const [download] = await Promise.all([finance.waitForEvent("download"), again.getByRole("button", { name: "Download withdraws" }).click()]);
  expect(download.suggestedFilename()).toBe(`sluice-withdraws-${month}-01-to-${today}.csv`);
  const text = readFileSync((await download.path())!, "utf8");
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.currency === "EUR")).toBe(true);
  const mine = rows.find((r) => r.statement_descriptor.includes(tag))!;
  // The formula arrives as text, the non-ASCII characters intact, the amounts exact.
  expect(mine.statement_descriptor).toBe(`'${hostile}`);
  expect(mine).toMatchObject({ amount: "2.5", currency: "EUR", status: "unpaid" });
  expect(mine.target_amount_msat).toMatch(/^[1-9]\d*000$/);
  expect(rows.some((r) => r.statement_descriptor === `Plain ${tag}`)).toBe(false);

  // The statement for this month reconciles.
  await nav(finance).getByRole("link", { name: "Statement" }).click();
  await expect(finance.getByRole("heading", { name: "Statement", level: 1 })).toBeVisible();
  await expect(finance.getByTestId("reconciliation")).toContainText("Reconciles:");
  expect((await axeScan(finance)).violations).toEqual([]);
  const [statementFile] = await Promise.all([finance.waitForEvent("download"), finance.getByRole("link", { name: "Download statement (CSV)" }).click()]);
  const lines = parse(readFileSync((await statementFile.path())!, "utf8"), { columns: true }) as Record<string, string>[];
  const opening = BigInt(lines[0].balance_msat);
  const totals = lines.find((l) => l.line === "total_movements")!;
  const closing = BigInt(lines.at(-1)!.balance_msat);
  expect(opening + BigInt(totals.credits_msat) - BigInt(totals.debits_msat)).toBe(closing);
  await finance.screenshot({ path: "artifacts/screenshots/statement.png", fullPage: true });

  // The owner sees who exported what.
  const owner = await (await browser.newContext()).newPage();
  await signIn(owner);
  await owner.goto(`${demoUrl()}/exports`);
  const history = owner.getByTestId("export-history");
  const row = history.getByRole("row").filter({ hasText: financeEmail }).filter({ hasText: "withdraws" });
  await expect(row).toContainText("currency=EUR");
  await expect(row).toContainText("tz=Europe/Berlin");
  await expect(row).toContainText(String(rows.length));
  await expect(row).toContainText("Completed");
  await expect(history.getByRole("row").filter({ hasText: financeEmail }).filter({ hasText: "statement" })).toHaveCount(1);
  await owner.screenshot({ path: "artifacts/screenshots/exports.png", fullPage: true });
});
