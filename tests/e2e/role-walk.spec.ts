// The permission table walked in the browser for dashboard sessions: an owner, an admin and a finance user
// each open every page that offers an action of lib/auth/permissions.ts, and find its control exactly when
// the table allows their role (the REST side is walked in tests/security/permission-table.test.ts).
import { randomBytes } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { roleMay, type Action } from "../../lib/auth/permissions";
import type { Role } from "../../lib/auth/schemas";
import { base, cli, createWithdrawOverApi, fullAccessKey, signIn } from "./demo";

// Each row: the page, the action of the table it offers, and the control that offers it.
type Row = { path: (withdrawId: string) => string; action: Action; control: (page: Page) => Locator };
const ROWS: Row[] = [
  { path: () => "/withdraws/new", action: "withdraws.create", control: (p) => p.getByRole("button", { name: "Create withdraw" }) },
  { path: (id) => `/withdraws/${id}`, action: "withdraws.cancel", control: (p) => p.getByRole("button", { name: "Cancel withdraw" }) },
  { path: (id) => `/withdraws/${id}`, action: "withdraws.link", control: (p) => p.getByRole("img", { name: "QR code of the LNURL-withdraw link" }) },
  { path: (id) => `/withdraws/vouchers?id=${id}`, action: "withdraws.link", control: (p) => p.getByTestId("voucher") },
  { path: () => "/withdraws/batch", action: "batches.create", control: (p) => p.getByLabel("CSV file") },
  { path: () => "/payouts/new", action: "payouts.create", control: (p) => p.getByRole("button", { name: "Preview" }) },
  { path: () => "/balance", action: "deposits.create", control: (p) => p.getByText("Add funds", { exact: true }) },
  { path: () => "/exports", action: "exports.audit", control: (p) => p.getByText("Export history (visible to owners)") },
  { path: () => "/developers/api-keys", action: "api_keys.manage", control: (p) => p.getByRole("button", { name: "Create key" }) },
  { path: () => "/developers/webhooks", action: "webhooks.manage", control: (p) => p.getByRole("button", { name: "Add endpoint" }) },
  { path: () => "/developers/lnurl-auth", action: "lnurlauth.sign", control: (p) => p.getByRole("button", { name: "Sign in", exact: true }) },
  { path: () => "/node", action: "node.read", control: (p) => p.getByRole("heading", { name: "Lightning node", level: 1 }) },
  { path: () => "/team", action: "team.manage", control: (p) => p.getByRole("button", { name: "Add user" }) },
  { path: () => "/settings/security", action: "security_log.read", control: (p) => p.getByRole("heading", { name: "Security log", level: 1 }) },
  { path: () => "/settings", action: "account.self", control: (p) => p.getByRole("button", { name: "Sign out everywhere" }) },
];

test("owner, admin and finance each find exactly the controls the permission table gives their role", async ({ browser }) => {
  test.setTimeout(240_000);
  const owner = process.env.E2E_DEMO_EMAIL!;
  cli("balance:credit", "--email", owner, "--sats", "20000", "--note", "e2e role walk float");
  const withdrawId = (await createWithdrawOverApi(fullAccessKey("e2e role walk"), { amount: "1500", currency: "SATS", statement_descriptor: "Role walk" })).id;

  const tag = randomBytes(4).toString("hex");
  const users: [Role, string, string][] = [["owner", owner, process.env.E2E_DEMO_PASSWORD!]];
  for (const role of ["admin", "finance"] as const) {
    const email = `${role}-walk-${tag}@demo.test`;
    cli("user:add", "--merchant-email", owner, "--email", email, "--password", `${role} walk password`, "--role", role);
    users.push([role, email, `${role} walk password`]);
  }

  for (const [role, email, password] of users) {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, email, password);
    let allowed = 0;
    for (const row of ROWS) {
      const path = row.path(withdrawId);
      const response = await page.goto(`${base()}${path}`);
      expect(response?.status(), `${role} ${path}`).toBe(200);
      await expect(page.getByTestId("merchant-name")).toBeVisible();
      const may = roleMay(role, row.action);
      if (may) {
        allowed++;
        await expect(row.control(page).first(), `${role} should find ${row.action} on ${path}`).toBeVisible();
      } else {
        await expect(row.control(page), `${role} must not find ${row.action} on ${path}`).toHaveCount(0);
      }
    }
    // The table gives the three roles different powers; the walk saw each of them.
    expect(allowed, role).toBe({ owner: ROWS.length, admin: ROWS.length - 3, finance: 1 }[role]);
    await page.context().close();
  }
});
