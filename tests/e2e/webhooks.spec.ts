// Webhooks in the browser against the production build: an owner adds an endpoint that points to a local
// receiver, copies the secret shown once, cancels a withdraw, sees the failed first delivery with its status
// code, resends it and sees the second attempt succeed, signed with that secret. A finance user is refused.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { verifySignature } from "../../lib/webhooks/signature";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { cli, demoEmail, demoUrl, signIn } from "./demo-server";
import { axeScan } from "./axe";

let receiver: WebhookReceiver;
let secret = "";
const eventId = (headers: { [name: string]: unknown }) => String(headers["sluice-event-id"]);
// Verifies every request with the secret the page showed (401 when it does not verify), then answers 500 to
// the first request of each event and 200 to the rest.
// The new endpoint's history must start empty: an unpaid withdraw left by an earlier spec could expire while this
// one runs and be delivered to it, so they are cancelled first (before the endpoint exists, so nothing is sent).
async function cancelUnpaidWithdraws(): Promise<void> {
  const key = cli("apikey:create", "--email", demoEmail(), "--name", "webhooks spec clean-up").trim().split("\n").pop()!.trim();
  const headers = { Authorization: `Bearer ${key}` };
  for (let round = 0; round < 50; round++) {
    const page = (await (await fetch(`${demoUrl()}/api/v1/withdraws?status=unpaid&limit=100`, { headers })).json()) as { data: { id: string }[] };
    if (page.data.length === 0) return;
    for (const w of page.data) await fetch(`${demoUrl()}/api/v1/withdraws/${w.id}/cancel`, { method: "POST", headers });
  }
  throw new Error("unpaid withdraws kept appearing while the webhooks spec cleaned up");
}

test.beforeAll(async () => {
  await cancelUnpaidWithdraws();
  receiver = await startWebhookReceiver(({ headers, body, previous }) => {
    if (!verifySignature(secret, String(headers["sluice-signature"]), body)) return 401;
    return previous.some((r) => eventId(r.headers) === eventId(headers)) ? 200 : 500;
  });
});
const receivedFor = (withdrawId: string) => receiver.received.filter((r) => r.body.includes(`"id":"${withdrawId}"`));
test.afterAll(() => receiver.close());

async function expectNoAxeViolations(page: Page) {
  // After a server action Next.js streams the page's metadata again: wait until the title is back.
  await expect(page).toHaveTitle(/\S/);
  const { violations } = await axeScan(page);
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
}

test("an owner adds an endpoint, sees its secret once, sees a delivery fail with 500, resends it and sees 200", async ({ browser }) => {
  const tag = randomBytes(3).toString("hex");
  const url = `${receiver.url}/sluice-${tag}`;
  const page = await (await browser.newContext()).newPage();
  await signIn(page);
  await page.goto(`${demoUrl()}/developers/webhooks`);
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);

  // Bad input is refused next to its field.
  const form = page.getByRole("form", { name: "Add an endpoint" });
  await form.getByLabel("Endpoint URL").fill("not a url");
  await form.getByRole("button", { name: "Add endpoint" }).click();
  await expect(form.getByText("Enter a full URL, such as https://example.com/webhooks.")).toBeVisible();
  await expect(form.getByLabel("Endpoint URL")).toHaveValue("not a url");

  await form.getByLabel("Endpoint URL").fill(url);
  await form.getByLabel("Description (optional)").fill(`Order system ${tag}`);
  await form.getByLabel("withdraw.paid").uncheck();
  await form.getByRole("button", { name: "Add endpoint" }).click();
  const shown = page.getByRole("region", { name: "Signing secret" });
  await expect(shown).toContainText("shown only this once");
  secret = (await shown.getByTestId("webhook-secret").textContent())!.trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  await expect(shown.getByRole("button", { name: "Copy secret" })).toBeVisible();
  const row = page.getByTestId("webhook-endpoint").filter({ hasText: url });
  await expect(row).toContainText("Enabled");
  await expect(row).toContainText("withdraw.expired, withdraw.cancelled, withdraw.payment_failed");
  await expectNoAxeViolations(page);

  // Never again: not after a reload, not on the endpoint's page.
  await page.reload();
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.getByTestId("webhook-endpoint").filter({ hasText: url }).getByRole("link", { name: url }).click();
  await expect(page.getByRole("heading", { name: /Webhook endpoint/, level: 1 })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(page.getByText("No deliveries yet.")).toBeVisible();
  await expectNoAxeViolations(page);
  const endpointPage = page.url();

  // An event: a withdraw cancelled in the dashboard.
  cli("balance:credit", "--email", demoEmail(), "--sats", "5000", "--note", `e2e webhooks ${tag}`);
  const created = cli("withdraw:create", "--email", demoEmail(), "--amount", "1000", "--currency", "SATS", "--descriptor", `Webhook ${tag}`);
  const withdrawId = /Created (wi_\w+)/.exec(created)![1];
  await page.goto(`${demoUrl()}/withdraws/${withdrawId}`);
  await page.getByRole("button", { name: "Cancel withdraw" }).click();
  await page.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page.getByTestId("status-badge")).toHaveText("cancelled");

  // The background work delivers it within seconds; the receiver answers 500 the first time.
  await page.goto(endpointPage);
  const delivery = page.getByTestId("webhook-delivery").filter({ hasText: withdrawId });
  await expect(async () => {
    await page.reload();
    await expect(delivery.getByTestId("webhook-attempt")).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(delivery).toContainText("withdraw.cancelled");
  await expect(delivery.getByTestId("delivery-status")).toHaveText("Retrying");
  await expect(delivery.getByTestId("webhook-attempt").first()).toContainText("500");
  await expect(delivery.getByTestId("webhook-attempt").first()).toContainText(/\d+ ms/);
  expect(receivedFor(withdrawId).map((r) => r.answer)).toEqual([500]);

  // Resend: a second attempt now, accepted.
  await delivery.getByRole("button", { name: /^Resend withdraw\.cancelled/ }).click();
  await expect(delivery.getByText(/Sent again: HTTP 200 in \d+ ms\./)).toBeVisible();
  await expect(delivery.getByTestId("webhook-attempt")).toHaveCount(2);
  await expect(delivery.getByTestId("webhook-attempt").first()).toContainText("200");
  await expect(delivery.getByTestId("webhook-attempt").first()).toContainText("(resent)");
  await expect(delivery.getByTestId("delivery-status")).toHaveText("Delivered");
  // Checked once nothing is pending, so that the page is not refreshing itself while axe reads it.
  await expectNoAxeViolations(page);
  const got = receivedFor(withdrawId);
  expect(got.map((r) => r.answer)).toEqual([500, 200]);
  const body = JSON.parse(got[1].body) as { id: string; type: string; data: { object: { id: string; status: string } } };
  expect(body).toMatchObject({ type: "withdraw.cancelled", data: { object: { id: withdrawId, status: "cancelled" } } });
  expect(got[0].body).toBe(got[1].body);

  // Disable: the endpoint says so.
  await page.getByRole("button", { name: `Disable ${url}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Disabled");
});

test("a finance user is not allowed to see webhooks", async ({ browser }) => {
  const email = `finance-${randomBytes(3).toString("hex")}@webhooks.test`;
  cli("user:add", "--merchant-email", demoEmail(), "--email", email, "--password", "finance password 1", "--role", "finance");
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, "finance password 1");
  await page.goto(`${demoUrl()}/developers/webhooks`);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Add an endpoint" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});
