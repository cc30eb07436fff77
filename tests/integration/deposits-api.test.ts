// Deposits over the REST API, through the real route handlers on the simulated Lightning node: invoices for an
// amount in any currency, and pulls from another service's LNURL-withdraw link (tests/support/fake-lnurl-withdraw.ts,
// which pays through the simulator, so the node really sees the invoice paid). Statuses, the money, the
// ledger, the deposit.paid event and its webhook, idempotency, scopes and every refusal.
process.env.LNURL_ALLOW_PRIVATE_URLS = "true";
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { db } from "@/lib/db";
import { requestDeposit } from "@/lib/deposits/request-deposit";
import { depositObjectSchema, type DepositObject } from "@/lib/deposits/serialize-deposit";
import { settleDeposits } from "@/lib/deposits/settle-deposits";
import { lightning } from "@/lib/lightning/backend";
import { payFromDemoWallet } from "@/lib/lightning/simulator/demo-wallet";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver-due-webhooks";
import { dispatchEvents } from "@/lib/webhooks/dispatch-events";
import { webhookEventSchema } from "@/lib/webhooks/event-body";
import { startFakeLnurlWithdraw, type FakeLnurlWithdraw } from "../support/fake-lnurl-withdraw";
import { unreachableDomain } from "../support/fake-lnurl-pay";
import { api, createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { encodeLnurl } from "@/lib/lnurl/codec";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let service: FakeLnurlWithdraw;
let receiver: WebhookReceiver;

beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  service = await startFakeLnurlWithdraw();
  receiver = await startWebhookReceiver(() => 200);
});
afterAll(async () => {
  await receiver.close();
  await service.close();
  await server.close();
});

type Shop = TestMerchant & { client: ReturnType<typeof api> };
type Answer = { status: number; headers: Headers; body: Record<string, unknown> & { error?: { type: string; code: string; message: string; param?: string } } };

async function shop(): Promise<Shop> {
  const merchant = await createTestMerchant();
  return { ...merchant, client: api(server.url, merchant.key) };
}

async function post(s: Shop, body: unknown, headers: Record<string, string> = {}, key = s.key): Promise<Answer> {
  const res = await fetch(`${server.url}/api/v1/deposits`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
}

async function created(s: Shop, body: unknown, headers: Record<string, string> = {}): Promise<DepositObject> {
  const res = await post(s, body, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const deposit = depositObjectSchema.parse(res.body);
  expect(deposit).toEqual(res.body);
  return deposit;
}

async function read(s: Shop, id: string, key = s.key): Promise<DepositObject> {
  const res = await api(server.url, key).get(`/api/v1/deposits/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return depositObjectSchema.parse(res.body);
}

async function balanceMsat(s: Shop): Promise<string> {
  return (await s.client.get("/api/v1/balance")).body.available_msat as string;
}

/** Everything a refusal must leave as it was. */
async function footprint(s: Shop) {
  const [deposits, ledger, events] = await Promise.all([
    db().deposit.count({ where: { merchantId: s.merchantId } }),
    db().ledgerEntry.count({ where: { merchantId: s.merchantId } }),
    db().event.count({ where: { merchantId: s.merchantId } }),
  ]);
  return { deposits, ledger, events, balance: await balanceMsat(s) };
}

async function expectRefused(s: Shop, body: unknown, status: number, code: string, param?: string): Promise<string> {
  const before = await footprint(s);
  const res = await post(s, body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error?.code).toBe(code);
  if (param) expect(res.body.error?.param).toBe(param);
  expect(res.body.error!.message.length).toBeGreaterThan(15);
  expect(await footprint(s)).toEqual(before);
  return res.body.error!.message;
}

describe("a deposit invoice over the API", () => {
  it("creates an invoice of the node, reads and lists it, and credits it once paid, with a deposit.paid event", async () => {
    const s = await shop();
    const deposit = await created(s, { amount: 25_000, metadata: { order: "42" } });
    expect(deposit).toMatchObject({
      object: "deposit",
      account_id: s.merchantId,
      livemode: false,
      status: "pending",
      amount: "25000",
      currency: "SATS",
      target_currency: "SATS",
      target_amount: 25_000,
      target_amount_msat: "25000000",
      exchange_rate: "1",
      source: "invoice",
      source_domain: null,
      failure_reason: null,
      paid_at: null,
      metadata: { order: "42" },
    });
    expect(deposit.id).toMatch(/^dep_[0-9a-z]{26}$/);
    const invoice = decodeInvoice(deposit.invoice);
    expect(invoice).toMatchObject({ amountMsat: 25_000_000n, paymentHash: deposit.payment_hash, payeePubkey: (await lightning().getInfo()).pubkey });
    expect(deposit.expires_at).toBe(invoice.expiresAt * 1000);

    expect(await read(s, deposit.id)).toEqual(deposit);
    const list = await s.client.get("/api/v1/deposits");
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ object: "list", url: "/api/v1/deposits", has_more: false });
    expect((list.body.data as DepositObject[]).map((d) => d.id)).toEqual([deposit.id]);

    expect(await payFromDemoWallet(deposit.invoice)).toMatchObject({ status: "succeeded" });
    // Reading it asks the node, so it is paid at once rather than at the next background run.
    const paid = await read(s, deposit.id);
    expect(paid).toMatchObject({ status: "paid", target_amount: 25_000 });
    expect(paid.paid_at).toBeGreaterThanOrEqual(deposit.created);
    expect(await balanceMsat(s)).toBe("25000000");

    const events = await db().event.findMany({ where: { merchantId: s.merchantId } });
    expect(events.map((e) => [e.type, e.depositId])).toEqual([["deposit.paid", deposit.id]]);
    expect(depositObjectSchema.parse(events[0].payload)).toEqual(paid);
    expect((await s.client.get("/api/v1/deposits?status=paid")).body.data).toEqual([paid]);
    expect((await s.client.get("/api/v1/deposits?status=pending")).body.data).toEqual([]);
  });

  it("converts a fiat amount at the current rate, rounded down to whole sats, and keeps the rate", async () => {
    const s = await shop();
    // RATES defaults to USD=95000: 5 USD × 1052.6315789473684210 sats/USD = 5263.157… → 5263 sats.
    const deposit = await created(s, { amount: "5", currency: "USD" });
    expect(deposit).toMatchObject({ amount: "5", currency: "USD", target_amount: 5263, target_amount_msat: "5263000", exchange_rate: "1052.631578947368421" });
    expect(decodeInvoice(deposit.invoice).amountMsat).toBe(5_263_000n);
  });

  it("is credited exactly once when background jobs and reads race", async () => {
    const s = await shop();
    const deposit = await created(s, { amount: 777 });
    await payFromDemoWallet(deposit.invoice);
    await Promise.all([settleDeposits(), settleDeposits(), settleDeposits(), read(s, deposit.id), read(s, deposit.id)]);
    expect(await settleDeposits()).toMatchObject({ credited: 0 });
    expect(await db().ledgerEntry.count({ where: { depositId: deposit.id } })).toBe(1);
    expect(await db().event.count({ where: { depositId: deposit.id, type: "deposit.paid" } })).toBe(1);
    expect(await balanceMsat(s)).toBe("777000");
  });

  it("delivers deposit.paid to a webhook endpoint subscribed to it", async () => {
    const s = await shop();
    const endpoint = await createWebhookEndpoint(s.merchantId, { url: `${receiver.url}/deposits`, events: ["deposit.paid"] });
    const deposit = await created(s, { amount: 1_500 });
    await payFromDemoWallet(deposit.invoice);
    await read(s, deposit.id);
    const clock = new Date();
    await dispatchEvents(clock);
    await deliverDueWebhooks(clock);
    const delivered = receiver.received.filter((r) => r.path === "/deposits");
    expect(delivered).toHaveLength(1);
    const body = webhookEventSchema.parse(JSON.parse(delivered[0].body));
    expect(body).toMatchObject({ type: "deposit.paid", data: { object: { id: deposit.id, object: "deposit", status: "paid" } } });
    expect(endpoint.events).toEqual(["deposit.paid"]);
  });

  it("replays the first answer for the same Idempotency-Key, creating one deposit", async () => {
    const s = await shop();
    const headers = { "Idempotency-Key": "top-up-2026-11-30" };
    const first = await post(s, { amount: 1000, currency: "SATS" }, headers);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await post(s, { currency: "SATS", amount: 1000 }, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await db().deposit.count({ where: { merchantId: s.merchantId } })).toBe(1);
    const other = await post(s, { amount: 2000 }, headers);
    expect(other.status).toBe(400);
    expect(other.body.error?.code).toBe("idempotency_key_reused");
  });

  it("refuses a read-only key on create, and lets it read", async () => {
    const s = await shop();
    const deposit = await created(s, { amount: 100 });
    const before = await footprint(s);
    const refused = await post(s, { amount: 100 }, {}, s.readOnlyKey);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe("insufficient_scope");
    expect(await footprint(s)).toEqual(before);
    expect((await read(s, deposit.id, s.readOnlyKey)).id).toBe(deposit.id);
    expect((await api(server.url, s.readOnlyKey).get("/api/v1/deposits")).status).toBe(200);
  });

  it.each([
    [{}, "amount"],
    [{ amount: 0 }, "amount"],
    [{ amount: "-5" }, "amount"],
    [{ amount: "1.2345", currency: "SATS" }, "amount"],
    [{ amount: "12,50", currency: "USD" }, "amount"],
    [{ amount: 100, currency: "GBP" }, "currency"],
    [{ amount: 100, colour: "red" }, undefined],
    [{ amount: "20000000000" }, "amount"],
    [{ lnurl: "not a link" }, "lnurl"],
    [{ lnurl: "user@example.com" }, "lnurl"],
    [{ lnurl: "lnurlp://127.0.0.1/pay" }, "lnurl"],
    [{ lnurl: "lnbcrt1invalid" }, "lnurl"],
  ])("refuses %j with a validation error naming the field, writing nothing", async (body, param) => {
    const s = await shop();
    await expectRefused(s, body, 400, "validation_error", param);
  });

  it("answers a clear error for malformed JSON, a bad id and another merchant's deposit", async () => {
    const s = await shop();
    const other = await shop();
    const theirs = await created(other, { amount: 100 });
    expect((await post(s, "{amount: 1")).body.error?.code).toBe("invalid_json");
    expect((await s.client.get("/api/v1/deposits/dep_nope")).body.error).toMatchObject({ code: "validation_error", param: "id" });
    expect(await s.client.get(`/api/v1/deposits/${theirs.id}`)).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect((await s.client.get("/api/v1/deposits?status=open")).body.error).toMatchObject({ code: "validation_error", param: "status" });
    expect((await s.client.get("/api/v1/deposits")).body.data).toEqual([]);
  });

  it("pages the list newest first with cursors", async () => {
    const s = await shop();
    const ids: string[] = [];
    for (const amount of [1, 2, 3]) ids.push((await created(s, { amount })).id);
    const first = await s.client.get("/api/v1/deposits?limit=2");
    expect((first.body.data as DepositObject[]).map((d) => d.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.has_more).toBe(true);
    const next = await s.client.get(`/api/v1/deposits?limit=2&starting_after=${ids[1]}`);
    expect((next.body.data as DepositObject[]).map((d) => d.id)).toEqual([ids[0]]);
    expect(next.body.has_more).toBe(false);
  });
});

describe("receiving from an LNURL-withdraw link", () => {
  it("pulls the most the link offers (rounded down to whole sats), keeps the callback's query, and credits it once paid", async () => {
    const s = await shop();
    const calls = service.callbacks.length;
    const res = await post(s, { lnurl: service.lnurl("ok"), metadata: { voucher: "A" } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const deposit = depositObjectSchema.parse(res.body);
    expect(deposit).toMatchObject({
      source: "lnurl_withdraw",
      source_domain: service.domain,
      amount: "50000",
      currency: "SATS",
      target_amount: 50_000,
      failure_reason: null,
      metadata: { voucher: "A" },
    });
    expect(service.callbacks.slice(calls)).toEqual([{ mode: "ok", k1: service.k1, pr: deposit.invoice, voucher: "ok-1", answer: "OK" }]);
    expect(decodeInvoice(deposit.invoice)).toMatchObject({ amountMsat: 50_000_000n, description: "Test voucher" });

    expect(await service.paid()).toContainEqual(expect.objectContaining({ status: "succeeded" }));
    expect(await read(s, deposit.id)).toMatchObject({ status: "paid", target_amount: 50_000 });
    expect(await balanceMsat(s)).toBe("50000000");
    expect(await db().ledgerEntry.findFirstOrThrow({ where: { depositId: deposit.id } })).toMatchObject({
      kind: "credit",
      availableDeltaMsat: 50_000_000n,
      note: `Lightning deposit from ${service.domain}`,
    });
    expect(await db().event.count({ where: { depositId: deposit.id, type: "deposit.paid" } })).toBe(1);
  });

  it("invoices the amount given (lightning: prefix accepted) and never stores the link or its k1", async () => {
    const s = await shop();
    const link = `lightning:${service.lnurl("silent")}`;
    const headers = { "Idempotency-Key": "voucher-silent" };
    const deposit = await created(s, { lnurl: link, amount: "1234" }, headers);
    expect(deposit).toMatchObject({ status: "pending", target_amount: 1234, source: "lnurl_withdraw" });
    expect(decodeInvoice(deposit.invoice).amountMsat).toBe(1_234_000n);

    // A retry with the same key is answered from the record without calling the service again.
    const calls = service.callbacks.length;
    const replay = await post(s, { amount: "1234", lnurl: link }, headers);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(service.callbacks.length).toBe(calls);

    const stored = JSON.stringify([
      await db().deposit.findMany({ where: { merchantId: s.merchantId } }),
      await db().idempotencyKey.findMany({ where: { merchantId: s.merchantId } }),
      await db().event.findMany({ where: { merchantId: s.merchantId } }),
    ], (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    const url = `${service.url}/withdraw/silent`;
    for (const secret of [service.lnurl("silent"), service.lnurl("silent").toLowerCase(), url, service.k1]) expect(stored).not.toContain(secret);
    expect(stored).toContain(service.domain);
  });

  it("accepts the LUD-17 lnurlw:// form", async () => {
    const s = await shop();
    const fresh = await startFakeLnurlWithdraw();
    try {
      const deposit = await created(s, { lnurl: fresh.lnurlw("ok"), amount: 2_000 });
      expect(deposit).toMatchObject({ source_domain: fresh.domain, target_amount: 2000 });
      expect(fresh.callbacks).toEqual([expect.objectContaining({ mode: "ok", answer: "OK", voucher: "ok-1" })]);
      await fresh.paid();
      expect(await read(s, deposit.id)).toMatchObject({ status: "paid" });
      expect(await balanceMsat(s)).toBe("2000000");
    } finally {
      await fresh.close();
    }
  });

  it("refuses an amount outside the link's range before troubling the service", async () => {
    const s = await shop();
    const calls = service.callbacks.length;
    const message = await expectRefused(s, { lnurl: service.lnurl("ok"), amount: 50_001 }, 400, "validation_error", "amount");
    expect(message).toContain("between 1 sat and 50000 sat");
    await expectRefused(s, { lnurl: service.lnurl("ok"), amount: "0.5" }, 400, "validation_error", "amount");
    expect(service.callbacks.length).toBe(calls);
  });

  it("marks the deposit failed with the service's reason when the callback answers ERROR", async () => {
    const s = await shop();
    const res = await post(s, { lnurl: service.lnurl("refuses") });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "lnurl_refused", param: "lnurl" });
    expect(res.body.error!.message).toContain("This voucher has already been used.");
    const [deposit] = (await s.client.get("/api/v1/deposits")).body.data as DepositObject[];
    expect(deposit).toMatchObject({ status: "failed", source: "lnurl_withdraw", source_domain: service.domain });
    expect(deposit.failure_reason).toContain("This voucher has already been used.");
    expect(res.body.error!.message).toContain(deposit.id);
    expect(await balanceMsat(s)).toBe("0");

    // Should the service pay the invoice after all, the money the node received is still credited.
    await payFromDemoWallet(deposit.invoice);
    expect(await settleDeposits()).toMatchObject({ credited: 1 });
    expect(await read(s, deposit.id)).toMatchObject({ status: "paid", failure_reason: null });
    expect(await balanceMsat(s)).toBe("50000000");
  });

  it("answers a pending deposit, saying so, when the callback's answer cannot be read; a retry replays it", async () => {
    const s = await shop();
    const headers = { "Idempotency-Key": "voucher-garbled" };
    const deposit = await created(s, { lnurl: service.lnurl("garbled"), amount: 4_000 }, headers);
    expect(deposit).toMatchObject({ status: "pending", source_domain: service.domain, target_amount: 4000 });
    expect(deposit.failure_reason).toContain('did not answer its callback with {"status":"OK"}');
    const calls = service.callbacks.length;
    const replay = await post(s, { lnurl: service.lnurl("garbled"), amount: 4_000 }, headers);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(deposit);
    expect(service.callbacks.length).toBe(calls);
    expect(await db().deposit.count({ where: { merchantId: s.merchantId } })).toBe(1);

    // The service did take it: once it pays, the deposit is credited and the note is gone.
    await service.paid();
    expect(await read(s, deposit.id)).toMatchObject({ status: "paid", failure_reason: null });
    expect(await balanceMsat(s)).toBe("4000000");
  });

  it("writes nothing when the first step refuses, is not a withdraw link, or is invalid", async () => {
    const s = await shop();
    expect(await expectRefused(s, { lnurl: service.lnurl("closed") }, 400, "lnurl_refused")).toContain("This voucher is no longer valid.");
    expect(await expectRefused(s, { lnurl: service.lnurl("pay-link") }, 400, "validation_error", "lnurl")).toContain("payRequest");
    expect(await expectRefused(s, { lnurl: service.lnurl("bad-range") }, 502, "lnurl_bad_response")).toContain("minWithdrawable");
  });

  it("answers lnurl_unreachable when the service cannot be reached, writing nothing", async () => {
    const s = await shop();
    const domain = await unreachableDomain();
    await expectRefused(s, { lnurl: encodeLnurl(`http://${domain}/withdraw/ok`) }, 502, "lnurl_unreachable");
  });

  it("refuses services on private addresses unless LNURL_ALLOW_PRIVATE_URLS, writing nothing", async () => {
    const s = await shop();
    const strict = { allowPrivate: false };
    for (const lnurl of [service.lnurl("ok"), service.lnurlw("ok"), encodeLnurl("https://10.1.2.3/withdraw")]) {
      await expect(requestDeposit(s.merchantId, { lnurl }, { policy: strict })).rejects.toMatchObject({ code: "lnurl_url_not_allowed" });
    }
    expect(await db().deposit.count({ where: { merchantId: s.merchantId } })).toBe(0);
  });
});
