// An instance killed with -9 while it is sending a webhook loses no event: once its lease has passed,
// another instance takes the delivery over and it is delivered, exactly once successfully.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver-due-webhooks";
import { dispatchEvents } from "@/lib/webhooks/dispatch-events";
import { LEASE_MS } from "@/lib/webhooks/send-delivery";
import { verifySignature } from "@/lib/webhooks/signature";
import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { createTestMerchant } from "../support/merchants";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const LNURL_SECRET_KEY = randomBytes(32).toString("base64url");
process.env.LNURL_SECRET_KEY = LNURL_SECRET_KEY;
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";

let receiver: WebhookReceiver;
beforeAll(async () => {
  // Holds the first request open, as a receiver that never answers; accepts the rest.
  receiver = await startWebhookReceiver(({ previous }) => (previous.length === 0 ? "hang" : 200));
});
afterAll(() => receiver.close());

async function waitFor(done: () => boolean, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return done();
}

it("takes over the delivery of an instance killed mid-send once its lease has passed, and delivers it once", async () => {
  const merchant = await createTestMerchant(10_000n);
  const endpoint = await createWebhookEndpoint(merchant.merchantId, { url: `${receiver.url}/hook`, events: ["withdraw.cancelled"] });
  const w = await createWithdraw(merchant.merchantId, { amount: "1000", currency: "SATS" });
  await cancelWithdraw(merchant.merchantId, w.id);
  const now = new Date();
  expect(await dispatchEvents(now)).toEqual({ events: 1, deliveries: 1 });

  // The victim: a separate Node process running the delivery job, which hangs on the receiver.
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/webhook-delivery-main.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL!, LNURL_SECRET_KEY, WEBHOOK_ALLOW_PRIVATE_URLS: "true", WEBHOOK_JOB_NOW: String(now.getTime()) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  expect(await waitFor(() => receiver.received.length === 1, 30), output).toBe(true);
  child.kill("SIGKILL");
  await exited;
  expect(child.signalCode).toBe("SIGKILL");
  expect(output).not.toContain("delivered");

  const leased = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
  expect(leased).toMatchObject({ status: "pending", attempts: 1 });
  expect(leased.lockedUntil!.getTime()).toBe(now.getTime() + LEASE_MS);

  // While the lease lasts no other instance touches it; after it, one takes it over.
  expect((await deliverDueWebhooks(new Date(now.getTime() + LEASE_MS - 1_000))).attempted).toBe(0);
  expect(receiver.received).toHaveLength(1);
  const later = new Date(now.getTime() + LEASE_MS + 1_000);
  expect(await deliverDueWebhooks(later)).toMatchObject({ attempted: 1, succeeded: 1 });

  const done = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id }, include: { attemptsLog: true } });
  expect(done).toMatchObject({ status: "succeeded", attempts: 2, lockedUntil: null });
  expect(done.attemptsLog.map((a) => a.statusCode)).toEqual([200]);
  expect(receiver.received.map((r) => r.answer)).toEqual(["hang", 200]);
  expect(receiver.received[0].body).toBe(receiver.received[1].body);
  expect(verifySignature(endpoint.secret, String(receiver.received[1].headers["sluice-signature"]), receiver.received[1].body, 300, later.getTime())).toBe(true);
  // Nothing is left to send, then or later.
  expect((await deliverDueWebhooks(new Date(now.getTime() + 7 * 86_400_000))).attempted).toBe(0);
  expect(receiver.received).toHaveLength(2);
});
