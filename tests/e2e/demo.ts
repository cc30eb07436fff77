// What the e2e specs that set up their own data on the demo server share: the admin CLI on the demo's data
// folder, a full-access key made with it, a withdraw created over the REST API, and signing in a browser.
import { execFileSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";

export const base = () => process.env.E2E_DEMO_URL!;

export function cli(...args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/sluice.ts", ...args], {
    env: { ...process.env, SLUICE_DATA_DIR: process.env.E2E_DEMO_DATA_DIR!, DATABASE_URL: "" },
    encoding: "utf8",
  });
}

/** A new full-access API key of the demo merchant (the CLI prints the key on its last line). */
export function fullAccessKey(name: string): string {
  return cli("apikey:create", "--email", process.env.E2E_DEMO_EMAIL!, "--name", name).trim().split("\n").pop()!.trim();
}

/** POST /api/v1/withdraws with a full-access key: the withdraw as a full key receives it, link included. */
export async function createWithdrawOverApi(key: string, body: Record<string, unknown>) {
  const res = await fetch(`${base()}/api/v1/withdraws`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; withdraw_methods_options: { lnurl: { withdraw_request: string } } };
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${base()}/signin`);
  // The button is enabled once React has hydrated the form (text typed before that misses the form's state).
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signing in hashes the password (scrypt, 32 MiB) and then loads the overview, which near the end of the
  // suite sums a merchant's many withdraws, on 2 cores shared with a second server, two databases and Chromium.
  await expect(page.getByTestId("merchant-name")).toBeVisible({ timeout: 15_000 });
}
