// The Team page as an owner and a finance user see it, against the production build with the demo merchant.
// The servers are shared with the other spec files, so every user made here has an address of its own.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { cli } from "./demo-server";
import { axeScan } from "./axe";

const base = () => process.env.E2E_DEMO_URL!;
const ownerEmail = () => process.env.E2E_DEMO_EMAIL!;
const ownerPassword = () => process.env.E2E_DEMO_PASSWORD!;
const unique = (who: string) => `${who}-${randomBytes(4).toString("hex")}@team.test`;

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${base()}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signInAsOwner(page: Page) {
  await signIn(page, ownerEmail(), ownerPassword());
  await expect(page).toHaveURL(`${base()}/`);
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });
const member = (page: Page, email: string) => page.getByTestId("team-member").filter({ hasText: email });

test("an owner adds a finance user, who may not see the team, then removes them for good", async ({ browser }) => {
  const financeEmail = unique("finance");
  const financePassword = "finance password 1";
  const first = await browser.newPage();
  await signInAsOwner(first);
  await nav(first).getByRole("link", { name: "Team" }).click();
  await expect(first.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
  await expect(member(first, ownerEmail())).toContainText("(you)");

  // Bad input is refused field by field and keeps what was typed; a taken address is named.
  const form = first.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Name (optional)").fill("Fin Ance");
  await form.getByLabel("Email").fill("not-an-email");
  await form.getByLabel("Initial password").fill("short");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByText("Enter a valid email address")).toBeVisible();
  await expect(form.getByText("Use at least 10 characters for the password.")).toBeVisible();
  await expect(form.getByLabel("Name (optional)")).toHaveValue("Fin Ance");
  await form.screenshot({ path: "artifacts/screenshots/team-add-errors.png" });
  await form.getByLabel("Email").fill(ownerEmail().toUpperCase());
  await form.getByLabel("Initial password").fill(financePassword);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByText(`There is already a user with the email ${ownerEmail()}.`)).toBeVisible();

  await form.getByLabel("Email").fill(financeEmail.toUpperCase());
  await form.getByLabel("Role", { exact: true }).selectOption("finance");
  await form.getByLabel("Initial password").fill(financePassword);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("status")).toHaveText(new RegExp(`Added ${financeEmail} as finance`));
  await expect(member(first, financeEmail)).toContainText("Fin Ance");
  await expect(member(first, financeEmail)).toContainText("Finance");
  await expect(member(first, financeEmail)).toContainText("Never");
  await expect(form.getByLabel("Email")).toHaveValue("");

  // The finance user signs in on the same browser: no Team link, and /team itself refuses them.
  await first.getByRole("button", { name: "Sign out" }).click();
  await expect(first).toHaveURL(/\/signin/);
  await signIn(first, financeEmail, financePassword);
  await expect(first).toHaveURL(`${base()}/`);
  await expect(nav(first).getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(nav(first).getByRole("link", { name: "Team" })).toHaveCount(0);
  await first.goto(`${base()}/team`);
  await expect(first.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expect(first.getByRole("form", { name: "Add a user" })).toHaveCount(0);
  await expect(first.getByText(ownerEmail())).toHaveCount(0);

  // The owner, in another browser, removes them while they are still signed in.
  const owner = await (await browser.newContext()).newPage();
  await signInAsOwner(owner);
  await owner.goto(`${base()}/team`);
  await expect(member(owner, financeEmail)).not.toContainText("Never");
  await member(owner, financeEmail).getByRole("button", { name: `Remove ${financeEmail}` }).click();
  const confirm = owner.getByRole("form", { name: `Confirm removing ${financeEmail}` });
  await expect(confirm.getByRole("button", { name: "Yes, remove" })).toBeFocused();
  await member(owner, financeEmail).screenshot({ path: "artifacts/screenshots/team-confirm-remove.png" });
  await confirm.getByRole("button", { name: "Yes, remove" }).click();
  await expect(owner.getByRole("status").filter({ hasText: `Removed ${financeEmail}` })).toBeVisible();
  await expect(member(owner, financeEmail)).toHaveCount(0);

  // Their open session ends at the next request, and their password no longer signs in.
  await first.goto(`${base()}/`);
  await expect(first).toHaveURL(/\/signin/);
  await signIn(first, financeEmail, financePassword);
  await expect(first.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
  await expect(first).toHaveURL(/\/signin/);
});

test("a user added with the CLI appears on the Team page; the owner changes their role and removes them after confirming", async ({ page }) => {
  const adminEmail = unique("admin");
  expect(cli("user:add", "--merchant-email", ownerEmail(), "--email", adminEmail, "--password", "admin password 1", "--role", "admin")).toContain(
    `Added ${adminEmail} as admin`,
  );
  await signInAsOwner(page);
  await page.goto(`${base()}/team`);
  const row = member(page, adminEmail);
  await expect(row).toContainText("Admin");

  await row.getByLabel(`Role of ${adminEmail}`, { exact: true }).selectOption("finance");
  await row.getByRole("button", { name: `Save role of ${adminEmail}` }).click();
  await expect(row.getByText("Role saved.")).toBeVisible();
  await expect(row).toContainText("Finance");
  await page.reload();
  await expect(member(page, adminEmail).getByLabel(`Role of ${adminEmail}`, { exact: true })).toHaveValue("finance");

  // Keyboard only: open the confirmation, cancel it with Escape, and nothing is removed.
  await member(page, adminEmail).getByRole("button", { name: `Remove ${adminEmail}` }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Yes, remove" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: "Yes, remove" })).toHaveCount(0);
  await expect(member(page, adminEmail).getByRole("button", { name: `Remove ${adminEmail}` })).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Yes, remove" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(member(page, adminEmail)).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: `Removed ${adminEmail}` })).toBeVisible();
});

test("the Team page passes axe and fits a laptop and a phone", async ({ page }) => {
  cli("user:add", "--merchant-email", ownerEmail(), "--email", unique("screenshot"), "--password", "a long password", "--role", "finance");
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAsOwner(page);
  await page.goto(`${base()}/team`);
  await expect(page.getByTestId("team-member").first()).toBeVisible();

  const axe = await axeScan(page);
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
  await page.screenshot({ path: "artifacts/screenshots/team-1280.png", fullPage: true });

  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await expect(page.getByTestId("team-member").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const phoneAxe = await axeScan(page);
  expect(phoneAxe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: "artifacts/screenshots/team-375.png", fullPage: true });
});
