// Sessions and the security log in the browser, against the production build started as `npm start` starts it:
// "sign out everywhere" and a password change end a user's other browsers at once, and the owner's security
// log shows who signed in from which address (the connection's, not a forged X-Forwarded-For).
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { axeScan } from "./axe";

const base = () => process.env.E2E_DEMO_URL!;
const unique = (who: string) => `${who}-${randomBytes(4).toString("hex")}@sessions.test`;

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${base()}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${base()}/`);
}

/** A new admin of the demo merchant, added by the owner on the Team page; the owner's page is returned. */
async function addAdmin(owner: Page, email: string, password: string) {
  await owner.goto(`${base()}/team`);
  const form = owner.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role", { exact: true }).selectOption("admin");
  await form.getByLabel("Initial password").fill(password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("status")).toHaveText(new RegExp(`Added ${email}`));
}

test("sign out everywhere and a password change end the user's other browsers; the owner's log shows the real address", async ({ browser }) => {
  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, process.env.E2E_DEMO_EMAIL!, process.env.E2E_DEMO_PASSWORD!);
  const email = unique("admin");
  const password = "first long password";
  await addAdmin(owner, email, password);

  // Two browsers of the admin; the first claims to be someone else in X-Forwarded-For.
  const laptop = await (await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.66" } })).newPage();
  const phone = await (await browser.newContext()).newPage();
  await signIn(laptop, email, password);
  await signIn(phone, email, password);

  // A password change (with the current password) keeps this browser and ends the other.
  await laptop.goto(`${base()}/settings`);
  const form = laptop.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill("not the password");
  await form.getByLabel("New password", { exact: true }).fill("second long password");
  await form.getByLabel("Repeat the new password").fill("second long password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("That is not your current password.")).toBeVisible();
  await form.getByLabel("Current password").fill(password);
  await form.getByLabel("New password", { exact: true }).fill("second long password");
  await form.getByLabel("Repeat the new password").fill("second long password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toHaveText("Password changed. Your other session has been signed out.");
  await phone.goto(`${base()}/withdraws`);
  await expect(phone).toHaveURL(/\/signin/);
  await laptop.goto(`${base()}/withdraws`);
  await expect(laptop).toHaveURL(`${base()}/withdraws`);

  // Sign out everywhere: this browser and the other one (signed in again with the new password) both end.
  await signIn(phone, email, "second long password");
  await laptop.goto(`${base()}/settings`);
  await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
  await laptop.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(laptop).toHaveURL(/\/signin/);
  await phone.goto(`${base()}/`);
  await expect(phone).toHaveURL(/\/signin/);

  // The owner's security log, linked from Settings.
  await owner.goto(`${base()}/settings`);
  await owner.getByRole("link", { name: "Open the security log" }).click();
  await expect(owner.getByRole("heading", { name: "Security log", level: 1 })).toBeVisible();
  const rows = owner.getByTestId("security-event");
  await expect(rows.filter({ hasText: "Signed out everywhere" }).filter({ hasText: email })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Password changed" }).filter({ hasText: email })).toHaveCount(1);
  await expect(rows.filter({ hasText: "User added" }).filter({ hasText: email })).toHaveCount(1);
  const laptopSignIn = rows.filter({ hasText: "Signed in" }).filter({ hasText: email }).last();
  await expect(laptopSignIn).toContainText(/127\.0\.0\.1|::1/);
  await expect(rows.filter({ hasText: "203.0.113.66" })).toHaveCount(0);
  expect((await axeScan(owner)).violations).toEqual([]);
  await owner.screenshot({ path: "artifacts/screenshots/security-log.png", fullPage: true });

  // An admin may not read it.
  await signIn(phone, email, "second long password");
  await phone.goto(`${base()}/settings`);
  await expect(phone.getByRole("link", { name: "Open the security log" })).toHaveCount(0);
  await phone.goto(`${base()}/settings/security`);
  await expect(phone.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});
