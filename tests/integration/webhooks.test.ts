// Webhooks end to end against a real database: real state changes write events, the fan-out and delivery
// jobs run with a clock the test moves forward (no sleeping through the backoff), and a local receiver
// verifies every signature, fails the first attempts with 500 and then accepts.
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lnurlCallback from "@/app/api/lnurl/w/[secret]/callback/route";
import * as lnurlFirstStep from "@/app/api/lnurl/w/[secret]/route";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { EVENT_TYPES } from "@/lib/events/record-event";
import { setSimulatorMode } from "@/lib/lightning/simulator/settings";
import { webhookEventSchema } from "@/lib/webhooks/event-body";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver-due-webhooks";
import { dispatchEvents } from "@/lib/webhooks/dispatch-events";
import { getWebhookEndpoint } from "@/lib/webhooks/get-endpoint";
import { setWebhookEndpointEnabled } from "@/lib/webhooks/set-endpoint-enabled";
import { resendWebhookDelivery } from "@/lib/webhooks/resend-delivery";
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from "@/lib/webhooks/retry-schedule";
import { openSecret } from "@/lib/webhooks/secret-box";
import { verifySignature } from "@/lib/webhooks/signature";
import { cancelWithdraw } from "@/lib/withdraws/cancel-withdraw";
import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { expireDueWithdraws } from "@/lib/withdraws/expire-due-withdraws";
import { paymentsSettled } from "@/lib/payments/engine";
import { linkAccessFor } from "@/lib/withdraws/link-access";
import { serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { createTestMerchant } from "../support/merchants";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet } from "../support/test-wallet";
import { startWebhookReceiver, type Answer, type ReceivedWebhook, type WebhookReceiver } from "../support/webhook-receiver";
import { liveLink } from "../support/live-link";

let lnurl: Awaited<ReturnType<typeof serveRoutes>>;
let wallet: TestWallet;
let receiver: WebhookReceiver;
// The jobs' clock: moved forward by the test instead of waiting.
let clock = new Date();
const secrets = new Map<string, string>();

const eventIdOf = (r: Pick<ReceivedWebhook, "headers">) => String(r.headers["sluice-event-id"]);
const isVerified = (r: Pick<ReceivedWebhook, "headers" | "body" | "path">) =>
  verifySignature(secrets.get(r.path) ?? "", String(r.headers["sluice-signature"]), r.body, 300, clock.getTime());

// A careful receiver: 401 to anything not signed with its secret, 500 to the first two tries of each event
// on /flaky, always 500 on /down, 200 otherwise.
const carefulReceiver: Answer = ({ path, headers, body, previous }) => {
  if (!isVerified({ path, headers, body })) return 401;
  if (path === "/down") return 500;
  const tries = previous.filter((r) => r.path === path && eventIdOf(r) === String(headers["sluice-event-id"])).length;
  return path === "/flaky" && tries < 2 ? 500 : 200;
};

beforeAll(async () => {
  lnurl = await serveRoutes([
    { pattern: "/api/lnurl/w/[secret]", module: lnurlFirstStep },
    { pattern: "/api/lnurl/w/[secret]/callback", module: lnurlCallback },
  ]);
  wallet = new TestWallet("regtest", (url) => url.replace(env().publicUrl, lnurl.url));
  receiver = await startWebhookReceiver(carefulReceiver);
});
afterAll(async () => {
  await receiver.close();
  await lnurl.close();
});

async function endpoint(merchantId: string, path: string, events: readonly string[] = EVENT_TYPES) {
  const created = await createWebhookEndpoint(merchantId, { url: `${receiver.url}${path}`, description: `test ${path}`, events: [...events] });
  secrets.set(path, created.secret);
  return created;
}

/** Runs fan-out and delivery, then moves the clock to the next due try, until nothing is pending. */
async function runJobsUntilSettled(endpointIds: string[], maxRounds = 40): Promise<number> {
  for (let round = 1; round <= maxRounds; round++) {
    await dispatchEvents(clock);
    await deliverDueWebhooks(clock);
    const next = await db().webhookDelivery.findFirst({
      where: { endpointId: { in: endpointIds }, status: "pending" },
      orderBy: { nextAttemptAt: "asc" },
      select: { nextAttemptAt: true },
    });
    if (!next) return round;
    clock = new Date(Math.max(clock.getTime(), next.nextAttemptAt!.getTime()));
  }
  throw new Error("Deliveries still pending after the rounds allowed.");
}

async function payThroughWallet(withdrawLnurl: string) {
  const pulled = await wallet.withdraw(withdrawLnurl);
  expect(pulled.reply).toEqual({ status: "OK" });
  await paymentsSettled();
}

describe("delivery with retries", () => {
  it("delivers each event of real state changes exactly once successfully after two 500s, signed, with the same body every time", async () => {
    clock = new Date();
    const merchant = await createTestMerchant(100_000n);
    const flaky = await endpoint(merchant.merchantId, "/flaky");
    const paidOnly = await endpoint(merchant.merchantId, "/paid-only", ["withdraw.paid"]);

    const toCancel = await createWithdraw(merchant.merchantId, { amount: "1000", currency: "SATS" });
    const toExpire = await createWithdraw(merchant.merchantId, { amount: "1000", currency: "SATS", ttl: 180 });
    const toPay = await createWithdraw(merchant.merchantId, { amount: "2000", currency: "SATS" });
    await cancelWithdraw(merchant.merchantId, toCancel.id);
    await expireDueWithdraws(new Date(toExpire.expiresAt.getTime() + 1000));
    const payLink = liveLink(serializeWithdraw(toPay, linkAccessFor({ merchantId: merchant.merchantId, principal: "owner" })));
    // A payment that fails first (withdraw.payment_failed), then one that succeeds (withdraw.paid).
    await setSimulatorMode({ mode: "fail" });
    try {
      await payThroughWallet(payLink);
    } finally {
      await setSimulatorMode({ mode: "normal" });
    }
    await payThroughWallet(payLink);

    const events = await db().event.findMany({ where: { merchantId: merchant.merchantId }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.type).sort()).toEqual(["withdraw.cancelled", "withdraw.expired", "withdraw.paid", "withdraw.payment_failed"]);
    const rounds = await runJobsUntilSettled([flaky.id, paidOnly.id]);
    expect(rounds).toBeGreaterThanOrEqual(3);

    // One delivery per event for the endpoint of every event, one for the withdraw.paid-only endpoint.
    const deliveries = await db().webhookDelivery.findMany({
      where: { merchantId: merchant.merchantId },
      include: { attemptsLog: { orderBy: { startedAt: "asc" } }, event: true },
    });
    expect(deliveries.filter((d) => d.endpointId === flaky.id)).toHaveLength(4);
    expect(deliveries.filter((d) => d.endpointId === paidOnly.id).map((d) => d.event.type)).toEqual(["withdraw.paid"]);
    for (const d of deliveries) expect(d.status).toBe("succeeded");
    for (const d of deliveries.filter((x) => x.endpointId === flaky.id)) {
      expect(d.attempts).toBe(3);
      expect(d.attemptsLog.map((a) => a.statusCode)).toEqual([500, 500, 200]);
      expect(d.attemptsLog.every((a) => a.latencyMs >= 0 && a.latencyMs < 10_000 && a.error === null && !a.manual)).toBe(true);
      // The backoff: at least 1 min, then at least 5 min between tries.
      const [first, second, third] = d.attemptsLog.map((a) => a.startedAt.getTime());
      expect(second - first).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[0]);
      expect(third - second).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[1]);
    }

    // What the receiver saw: every request signed, exactly one 2xx per event and endpoint, same bytes each try.
    const seen = receiver.received.filter((r) => r.path === "/flaky" && events.some((e) => e.id === eventIdOf(r)));
    expect(seen).toHaveLength(12);
    expect(seen.every((r) => r.answer !== 401)).toBe(true);
    for (const event of events) {
      const mine = seen.filter((r) => eventIdOf(r) === event.id);
      expect(mine.map((r) => r.answer)).toEqual([500, 500, 200]);
      expect(new Set(mine.map((r) => r.body)).size).toBe(1);
      const body = webhookEventSchema.parse(JSON.parse(mine[0].body));
      expect(body).toMatchObject({ id: event.id, object: "event", type: event.type, created: event.createdAt.getTime() });
      expect(body.data.object.id).toBe(event.withdrawId);
      expect(mine[0].headers).toMatchObject({ "content-type": "application/json", "sluice-event-type": event.type });
      expect(String(mine[0].headers["sluice-signature"])).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const statusOf = (type: string) => webhookEventSchema.parse(JSON.parse(seen.find((r) => r.headers["sluice-event-type"] === type)!.body)).data.object.status;
    expect([statusOf("withdraw.cancelled"), statusOf("withdraw.expired"), statusOf("withdraw.paid"), statusOf("withdraw.payment_failed")]).toEqual([
      "cancelled",
      "expired",
      "paid",
      "unpaid",
    ]);

    // The dashboard's view of the endpoint: its deliveries with their attempts, newest first.
    const detail = await getWebhookEndpoint(merchant.merchantId, flaky.id);
    expect(detail.deliveries).toHaveLength(4);
    expect(detail.deliveries[0].attemptsLog.map((a) => a.statusCode)).toEqual([200, 500, 500]);

    // Nothing more happens: the events are dispatched, the deliveries done.
    expect(await dispatchEvents(clock)).toEqual({ events: 0, deliveries: 0 });
    expect((await deliverDueWebhooks(new Date(clock.getTime() + 7 * 86_400_000))).attempted).toBe(0);
  });

  it("gives up after the whole schedule (about three days), and a resend by hand still delivers", async () => {
    clock = new Date();
    const merchant = await createTestMerchant(10_000n);
    const down = await endpoint(merchant.merchantId, "/down");
    const w = await createWithdraw(merchant.merchantId, { amount: "1000", currency: "SATS" });
    await cancelWithdraw(merchant.merchantId, w.id);
    const started = clock.getTime();
    await runJobsUntilSettled([down.id]);

    const delivery = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: down.id }, include: { attemptsLog: { orderBy: { startedAt: "asc" } } } });
    expect(delivery).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, nextAttemptAt: null, lastStatusCode: 500 });
    expect(delivery.attemptsLog).toHaveLength(MAX_ATTEMPTS);
    const span = delivery.attemptsLog.at(-1)!.startedAt.getTime() - started;
    const schedule = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(span).toBeGreaterThanOrEqual(schedule);
    expect(span).toBeLessThanOrEqual(schedule * 1.1 + 1000);
    expect(span / 86_400_000).toBeGreaterThan(2.7);
    // Given up: later runs leave it alone.
    expect((await deliverDueWebhooks(new Date(clock.getTime() + 30 * 86_400_000))).attempted).toBe(0);

    // The merchant fixes their server and resends by hand.
    receiver.setAnswer(({ path, headers, body }) => (isVerified({ path, headers, body }) ? 200 : 401));
    try {
      const result = await resendWebhookDelivery(merchant.merchantId, delivery.id, clock);
      expect(result).toMatchObject({ statusCode: 200, error: null });
      const after = await db().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id }, include: { attemptsLog: { orderBy: { startedAt: "asc" } } } });
      expect(after).toMatchObject({ status: "succeeded", attempts: MAX_ATTEMPTS, lastStatusCode: 200 });
      expect(after.attemptsLog).toHaveLength(MAX_ATTEMPTS + 1);
      expect(after.attemptsLog.at(-1)).toMatchObject({ manual: true, statusCode: 200 });

      // A resend of a delivered event is one more attempt: the receiver gets the same event, same bytes.
      await resendWebhookDelivery(merchant.merchantId, delivery.id, clock);
      const accepted = receiver.received.filter((r) => r.path === "/down" && r.answer === 200);
      expect(accepted).toHaveLength(2);
      expect(accepted[0].body).toBe(accepted[1].body);
      expect(await db().webhookAttempt.count({ where: { deliveryId: delivery.id, manual: true } })).toBe(2);
    } finally {
      receiver.setAnswer(carefulReceiver);
    }
    // Another merchant cannot resend it.
    const other = await createTestMerchant();
    await expect(resendWebhookDelivery(other.merchantId, delivery.id, clock)).rejects.toMatchObject({ code: "not_found" });
  });

  it("sends nothing to a disabled endpoint, and resumes for new events once it is enabled again", async () => {
    clock = new Date();
    const merchant = await createTestMerchant(10_000n);
    const ep = await endpoint(merchant.merchantId, "/toggle");
    await setWebhookEndpointEnabled(merchant.merchantId, { endpointId: ep.id, enabled: false }, clock);
    const a = await createWithdraw(merchant.merchantId, { amount: "1000", currency: "SATS" });
    await cancelWithdraw(merchant.merchantId, a.id);
    await runJobsUntilSettled([ep.id]);
    expect(await db().webhookDelivery.count({ where: { endpointId: ep.id } })).toBe(0);

    const enabled = await setWebhookEndpointEnabled(merchant.merchantId, { endpointId: ep.id, enabled: true }, clock);
    expect(enabled).toMatchObject({ enabled: true, disabledAt: null });
    const b = await createWithdraw(merchant.merchantId, { amount: "1000", currency: "SATS" });
    await cancelWithdraw(merchant.merchantId, b.id);
    await runJobsUntilSettled([ep.id]);
    const delivered = await db().webhookDelivery.findMany({ where: { endpointId: ep.id }, include: { event: true } });
    expect(delivered.map((d) => [d.event.withdrawId, d.status])).toEqual([[b.id, "succeeded"]]);
  });
});

describe("several instances", () => {
  it("sends each delivery once when two fan-outs and two delivery runs go at the same time", async () => {
    clock = new Date();
    const merchant = await createTestMerchant(20_000n);
    const ep = await endpoint(merchant.merchantId, "/parallel");
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const w = await createWithdraw(merchant.merchantId, { amount: "1000", currency: "SATS" });
      await cancelWithdraw(merchant.merchantId, w.id);
      ids.push(w.id);
    }
    await Promise.all([dispatchEvents(clock), dispatchEvents(clock)]);
    expect(await db().webhookDelivery.count({ where: { endpointId: ep.id } })).toBe(6);
    const runs = await Promise.all([deliverDueWebhooks(clock), deliverDueWebhooks(clock)]);
    expect(runs[0].attempted + runs[1].attempted).toBe(6);
    const got = receiver.received.filter((r) => r.path === "/parallel");
    expect(got).toHaveLength(6);
    expect(new Set(got.map(eventIdOf)).size).toBe(6);
  });
});

describe("endpoints", () => {
  it("keeps the secret only encrypted and shows another merchant nothing", async () => {
    const merchant = await createTestMerchant();
    const other = await createTestMerchant();
    const ep = await endpoint(merchant.merchantId, "/secret");
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(row.secretEncrypted).not.toContain(ep.secret);
    expect(row.secretEncrypted).not.toContain(ep.secret.slice(6, 20));
    expect(openSecret(row.secretEncrypted)).toBe(ep.secret);
    const tampered = row.secretEncrypted.slice(0, -2) + (row.secretEncrypted.endsWith("A") ? "BB" : "AA");
    expect(() => openSecret(tampered)).toThrow();

    await expect(getWebhookEndpoint(other.merchantId, ep.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(setWebhookEndpointEnabled(other.merchantId, { endpointId: ep.id, enabled: false })).rejects.toMatchObject({ code: "not_found" });
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).enabled).toBe(true);
  });

  it("refuses bad input field by field", async () => {
    const merchant = await createTestMerchant();
    await expect(createWebhookEndpoint(merchant.merchantId, { url: "", events: ["withdraw.paid"] })).rejects.toMatchObject({ code: "validation_error", param: "url" });
    await expect(createWebhookEndpoint(merchant.merchantId, { url: `${receiver.url}/x`, events: [] })).rejects.toMatchObject({ param: "events" });
    await expect(createWebhookEndpoint(merchant.merchantId, { url: `${receiver.url}/x`, events: ["withdraw.created"] })).rejects.toMatchObject({ param: "events.0" });
    await expect(createWebhookEndpoint(merchant.merchantId, { url: "ftp://example.com/x", events: ["withdraw.paid"] })).rejects.toMatchObject({
      code: "webhook_url_not_allowed",
      param: "url",
    });
  });
});

describe("private addresses", () => {
  const strict = { allowPrivate: false, allowHttp: true };

  it("refuses a loopback or private URL at registration when configuration does not allow it", async () => {
    const merchant = await createTestMerchant();
    for (const url of [`${receiver.url}/x`, "http://[::ffff:127.0.0.1]:9/x", "http://10.0.0.8/x", "http://localhost:9/x"]) {
      await expect(createWebhookEndpoint(merchant.merchantId, { url, events: ["withdraw.paid"] }, { policy: strict })).rejects.toMatchObject({
        code: "webhook_url_not_allowed",
        param: "url",
      });
    }
    // A name whose DNS answer is private is refused too.
    const rebinding = async () => [{ address: "169.254.169.254", family: 4 }];
    await expect(
      createWebhookEndpoint(merchant.merchantId, { url: "http://metadata.example.test/x", events: ["withdraw.paid"] }, { policy: strict, resolve: rebinding }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/link-local/) });
    expect(await db().webhookEndpoint.count({ where: { merchantId: merchant.merchantId } })).toBe(0);
  });

  it("checks again at delivery: a name that now resolves to a private address is not called", async () => {
    clock = new Date();
    const merchant = await createTestMerchant(10_000n);
    const publicAnswer = async () => [{ address: "93.184.215.14", family: 4 }];
    const ep = await createWebhookEndpoint(
      merchant.merchantId,
      { url: `http://hooks.example.test:${new URL(receiver.url).port}/rebind`, events: ["withdraw.cancelled"] },
      { policy: strict, resolve: publicAnswer },
    );
    const w = await createWithdraw(merchant.merchantId, { amount: "1000", currency: "SATS" });
    await cancelWithdraw(merchant.merchantId, w.id);
    await dispatchEvents(clock);
    const before = receiver.received.length;
    const loopbackNow = async () => [{ address: "127.0.0.1", family: 4 }];
    await deliverDueWebhooks(clock, { policy: strict, resolve: loopbackNow });
    expect(receiver.received.length).toBe(before);
    const delivery = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id }, include: { attemptsLog: true } });
    expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
    expect(delivery.attemptsLog).toEqual([expect.objectContaining({ statusCode: null, error: expect.stringMatching(/^Not sent: .*not a public address \(loopback\)/) })]);
  });

  it("connects to the address it checked, not to a second DNS answer", async () => {
    clock = new Date();
    const merchant = await createTestMerchant(10_000n);
    // hooks.invalid does not exist in DNS: the request can only reach the receiver through the checked address.
    const checked = async () => [{ address: "127.0.0.1", family: 4 }];
    const url = `http://hooks.invalid:${new URL(receiver.url).port}/pinned`;
    const ep = await createWebhookEndpoint(merchant.merchantId, { url, events: ["withdraw.cancelled"] }, { resolve: checked });
    secrets.set("/pinned", ep.secret);
    const w = await createWithdraw(merchant.merchantId, { amount: "1000", currency: "SATS" });
    await cancelWithdraw(merchant.merchantId, w.id);
    await dispatchEvents(clock);
    expect(await deliverDueWebhooks(clock, { resolve: checked })).toMatchObject({ attempted: 1, succeeded: 1 });
    const got = receiver.received.filter((r) => r.path === "/pinned");
    expect(got).toHaveLength(1);
    expect(got[0].headers.host).toBe(`hooks.invalid:${new URL(receiver.url).port}`);
    expect(got[0].answer).toBe(200);
  });
});
