// An owner creates an API key in the dashboard, sees it once, uses it with the REST API as an integrator
// would, sees when it was last used, and revokes it; the API reference is readable without signing in.
import { expect, test } from "@playwright/test";
import { cli, demoEmail, demoUrl, signIn } from "./demo-server";
import { axeScan } from "./axe";

test("an owner creates, uses and revokes an API key", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Developers" }).click();
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();

  // A nameless key is refused next to the field.
  const form = page.getByRole("form", { name: "Create an API key" });
  await form.getByRole("button", { name: "Create key" }).click();
  await expect(form.getByText("Give the key a name.")).toBeVisible();

  const name = `Shop backend ${Date.now()}`;
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Access").selectOption("full");
  await form.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-api-key");
  await expect(shown).toContainText("shown only this once");
  const key = (await shown.locator("code").textContent())!.trim();
  expect(key).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
  // After a server action Next.js streams the page's metadata again: wait until the title is back.
  await expect(page).toHaveTitle(/API keys/);
  expect((await axeScan(page)).violations).toEqual([]);

  // The integrator's first request, as the reference shows it, on funds added for it.
  cli("balance:credit", "--email", demoEmail(), "--sats", "2000", "--note", "e2e API key check");
  const created = await fetch(`${demoUrl()}/api/v1/withdraws`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": `e2e-key-check-${Date.now()}` },
    body: JSON.stringify({ amount: "1500", currency: "SATS", statement_descriptor: "E2E key check" }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  expect(((await created.json()) as { id: string }).id).toMatch(/^wi_/);

  // Shown once: after a reload only the prefix is left, and the row says when the key was used.
  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  expect(await page.content()).not.toContain(key);
  const row = page.getByTestId("api-key").filter({ hasText: name });
  await expect(row).toContainText(key.slice(0, 10));
  await expect(row).toContainText("Full access");
  await expect(row.locator("td").nth(3)).toContainText("UTC");

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await row.getByRole("button", { name: `Yes, revoke ${name}` }).click();
  await expect(page.getByTestId("api-key").filter({ hasText: name })).toContainText("Revoked");
  const refused = await fetch(`${demoUrl()}/api/v1/balance`, { headers: { Authorization: `Bearer ${key}` } });
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("api_key_invalid");
});

test("the API reference is public and matches the OpenAPI document", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${demoUrl()}/docs/api`);
  await expect(page.getByRole("heading", { name: "Sluice API reference", level: 1 })).toBeVisible();
  const doc = (await (await fetch(`${demoUrl()}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { summary: string }>> };
  for (const methods of Object.values(doc.paths)) {
    for (const op of Object.values(methods)) await expect(page.getByRole("heading", { name: op.summary, level: 3 })).toBeVisible();
  }
  await expect(page.getByRole("region", { name: "Idempotency" })).toContainText("Idempotency-Key");
  await expect(page.getByRole("region", { name: "Webhooks" })).toContainText("timingSafeEqual");
  expect((await axeScan(page)).violations).toEqual([]);
});
