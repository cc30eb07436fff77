// The demo server every spec shares (started by global-setup): its address, its owner, its admin CLI, and
// signing in to it in the browser.
import { execFileSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";

export const demoUrl = () => process.env.E2E_DEMO_URL!;
export const demoEmail = () => process.env.E2E_DEMO_EMAIL!;
export const demoPassword = () => process.env.E2E_DEMO_PASSWORD!;

/** `npm run sluice -- …` against the demo server's data folder (it reaches the running database). */
export function cli(...args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/sluice.ts", ...args], {
    env: { ...process.env, SLUICE_DATA_DIR: process.env.E2E_DEMO_DATA_DIR!, DATABASE_URL: "" },
    encoding: "utf8",
  });
}

export async function signIn(page: Page, email = demoEmail(), password = demoPassword()) {
  await page.goto(`${demoUrl()}/signin`);
  // The button is enabled once React has hydrated the form: text typed before that reaches the page but not
  // the form's state, which is what it signs in with.
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${demoUrl()}/`);
}
