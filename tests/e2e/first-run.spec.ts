import { expect, test } from "@playwright/test";

const base = () => process.env.E2E_FRESH_URL!;

test.describe("first run with SLUICE_DEMO=false", () => {
  test("no demo account is created or printed", async () => {
    expect(process.env.E2E_FRESH_OUTPUT_HAS_DEMO).toBe("no");
  });

  test("the sign-in page offers to create the owner account, validates it, and signs the owner in", async ({ page }) => {
    await page.goto(`${base()}/`);
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByRole("heading", { name: "Create the owner account" })).toBeVisible();

    await page.getByLabel("Business name").fill("Corner Café");
    await page.getByLabel("Your name").fill("Ada Lovelace");
    await page.getByLabel("Email").fill("ada@example");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create the owner account" }).click();
    await expect(page.getByText("Enter a valid email address")).toBeVisible();

    await page.getByLabel("Email").fill("Ada@Example.com");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create the owner account" }).click();
    // The password message was already shown by the first attempt: the second answer has arrived (and React
    // has reset the form) only when the email message is gone.
    await expect(page.getByText("Enter a valid email address")).toHaveCount(0);
    await expect(page.getByText("Use at least 10 characters for the password.")).toBeVisible();
    await expect(page.getByLabel("Business name")).toHaveValue("Corner Café");

    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create the owner account" }).click();
    await expect(page).toHaveURL(`${base()}/`);
    await expect(page.getByTestId("merchant-name")).toHaveText("Corner Café");
    await expect(page.getByRole("heading", { name: "Welcome, Ada" })).toBeVisible();
    await page.screenshot({ path: "artifacts/screenshots/first-run-dashboard.png", fullPage: true });

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Create the owner account" })).toHaveCount(0);

    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("merchant-name")).toHaveText("Corner Café");
  });
});
