// Payouts over real HTTP through the real route handlers, on the simulated Lightning node, to a local
// Lightning Address / LNURL-pay service (tests/support/fake-lnurl-pay.ts) in each of its modes, and to BOLT 11
// invoices: statuses, the money, the ledger and the webhooks' outbox after each.
process.env.LNURL_ALLOW_PRIVATE_URLS = "true";
process.env.PAYMENT_TIMEOUT_SECONDS = "1";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createWalletInvoice } from "@/lib/lightning/simulator/invoices";
import { setSimulatorMode } from "@/lib/lightning/simulator/settings";
import { DEMO_WALLET, walletBalance } from "@/lib/lightning/simulator/wallets";
import { createPayout } from "@/lib/payouts/create-payout";
import { reconcilePayments } from "@/lib/payments/reconcile";
import { PAYOUT_PAYMENT } from "@/lib/payouts/payout-payment";
import { payoutObjectSchema, type PayoutObject } from "@/lib/payouts/serialize-payout";
import { webhookEventBody } from "@/lib/webhooks/event-body";
import { paymentsSettled } from "@/lib/payments/engine";
import { withdrawObjectSchema } from "@/lib/withdraws/serialize-withdraw";
import { startFakeLnurlPay, unreachableDomain, type FakeLnurlPay } from "../support/fake-lnurl-pay";
import { api, createTestMerchant, type TestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet } from "../support/test-wallet";
import { liveLink } from "../support/live-link";

let server: Awaited<ReturnType<typeof serveRoutes>>;
let service: FakeLnurlPay;
const wallet = new TestWallet("regtest");

beforeAll(async () => {
  server = await serveRoutes(ROUTES);
  service = await startFakeLnurlPay();
});
afterAll(async () => {
  await service.close();
  await server.close();
});
afterEach(async () => {
  await paymentsSettled();
  await setSimulatorMode({ mode: "normal" });
});

type Shop = TestMerchant & { client: ReturnType<typeof api> };

async function shop(sats = 100_000n): Promise<Shop> {
  const merchant = await createTestMerchant(sats);
  return { ...merchant, client: api(server.url, merchant.key) };
}

async function balance(s: Shop) {
  const res = await s.client.get("/api/v1/balance");
  return res.body as { available_msat: string; reserved_msat: string };
}

/** The ledger's entries add up to the balance row: the invariant every step must keep. */
async function expectLedgerMatchesBalance(s: Shop) {
  const entries = await db().ledgerEntry.findMany({ where: { merchantId: s.merchantId }, orderBy: { sequence: "asc" } });
  const available = entries.reduce((t, e) => t + e.availableDeltaMsat, 0n);
  const reserved = entries.reduce((t, e) => t + e.reservedDeltaMsat, 0n);
  expect(await balance(s)).toMatchObject({ available_msat: available.toString(), reserved_msat: reserved.toString() });
  return entries;
}

async function pay(s: Shop, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/v1/payouts`, {
    method: "POST",
    headers: { Authorization: `Bearer ${s.key}`, "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string; param?: string } } };
}

async function paid(s: Shop, body: Record<string, unknown>): Promise<PayoutObject> {
  const res = await pay(s, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const created = payoutObjectSchema.parse(res.body);
  expect(created).toEqual(res.body);
  return created;
}

async function read(s: Shop, id: string): Promise<PayoutObject> {
  const res = await s.client.get(`/api/v1/payouts/${id}`);
  expect(res.status).toBe(200);
  return payoutObjectSchema.parse(res.body);
}

/** A refusal that wrote nothing: no payout, no ledger entry, the same balance. */
async function expectRefusedCleanly(s: Shop, body: Record<string, unknown>, status: number, code: string, param?: string) {
  const before = await balance(s);
  const entries = await db().ledgerEntry.count({ where: { merchantId: s.merchantId } });
  const res = await pay(s, body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error?.code).toBe(code);
  if (param) expect(res.body.error?.param).toBe(param);
  expect(res.body.error?.message.length).toBeGreaterThan(15);
  expect(await db().payout.count({ where: { merchantId: s.merchantId } })).toBe(0);
  expect(await db().ledgerEntry.count({ where: { merchantId: s.merchantId } })).toBe(entries);
  expect(await balance(s)).toEqual(before);
  return res.body.error!;
}

describe("paying a Lightning Address", () => {
  it("asks for exactly the amount, pays the invoice once, and moves the balance by amount + fee", async () => {
    const s = await shop();
    const asked = service.requests.length;
    const payout = await paid(s, { destination: service.address("alice"), amount: 2100, statement_descriptor: "Refund #9", metadata: { order: "9" } });
    expect(payout).toMatchObject({
      object: "payout",
      status: "paid",
      destination_type: "lightning_address",
      destination: `alice@${service.domain}`,
      destination_domain: service.domain,
      amount: "2100",
      currency: "SATS",
      target_amount: 2100,
      target_amount_msat: "2100000",
      target_amount_paid: 2100,
      fee_limit: 100,
      // The simulated network charges 1 sat + 100 ppm.
      fees: 1.21,
      payee: service.pubkey,
      warnings: [],
      statement_descriptor: "Refund #9",
      metadata: { order: "9" },
      livemode: false,
      account_id: s.merchantId,
    });
    expect(payout.id).toMatch(/^po_[0-9a-z]{26}$/);
    expect(service.requests.slice(asked)).toEqual([{ user: "alice", amountMsat: 2_100_000n, comment: null }]);
    expect(service.invoices.get(payout.payment_hash)).toBe(payout.ln_invoice);
    expect(await read(s, payout.id)).toEqual(payout);

    expect(await balance(s)).toMatchObject({ available_msat: String(100_000_000 - 2_100_000 - 1_210), reserved_msat: "0" });
    const entries = await expectLedgerMatchesBalance(s);
    expect(entries.map((e) => [e.kind, e.payoutId])).toEqual([
      ["adjustment", null],
      ["reserve", payout.id],
      ["payout", payout.id],
      ["fee", payout.id],
      ["release", payout.id],
    ]);
    expect(await db().simPayment.count({ where: { paymentHash: payout.payment_hash } })).toBe(1);

    // payout.paid is in the outbox, and its webhook body carries the payout object.
    const events = await db().event.findMany({ where: { payoutId: payout.id } });
    expect(events.map((e) => e.type)).toEqual(["payout.paid"]);
    const body = JSON.parse(webhookEventBody({ id: events[0].id, type: events[0].type, createdAt: events[0].createdAt, payload: events[0].payload }));
    expect(body).toMatchObject({ type: "payout.paid", data: { object: { id: payout.id, object: "payout", status: "paid" } } });
  });

  it("pays an LNURL-pay link too, with a comment when the service takes one", async () => {
    const s = await shop();
    const asked = service.requests.length;
    const payout = await paid(s, { destination: service.lnurlp("alice"), amount: "1000", comment: "thanks!" });
    expect(payout).toMatchObject({ status: "paid", destination_type: "lnurl_pay", destination: service.lnurlp("alice"), target_amount: 1000 });
    expect(service.requests.slice(asked)).toEqual([{ user: "alice", amountMsat: 1_000_000n, comment: "thanks!" }]);
    await expectLedgerMatchesBalance(s);
  });

  it("converts a fiat amount at the current rate", async () => {
    const s = await shop();
    const payout = await paid(s, { destination: service.address("alice"), amount: "1.50", currency: "EUR" });
    expect(payout.currency).toBe("EUR");
    expect(payout.amount).toBe("1.5");
    // 1.50 EUR at the configured default of 88,000 EUR per bitcoin is 1,704.5… sats, rounded down.
    expect(payout.target_amount).toBe(1704);
    expect(service.requests.at(-1)!.amountMsat).toBe(BigInt(payout.target_amount_msat));
    await expectLedgerMatchesBalance(s);
  });

  it("records a description-hash mismatch as a warning and pays anyway (LUD-06 allows it)", async () => {
    const s = await shop();
    const payout = await paid(s, { destination: service.address("hash-mismatch"), amount: 500 });
    expect(payout.status).toBe("paid");
    expect(payout.warnings).toEqual([{ code: "description_hash_mismatch", message: expect.stringContaining("metadata") }]);
    await expectLedgerMatchesBalance(s);
  });

  it("refuses an invoice for another amount, another network or already expired, writing nothing", async () => {
    const s = await shop();
    const wrongAmount = await expectRefusedCleanly(s, { destination: service.address("wrong-amount"), amount: 2000 }, 502, "lnurl_bad_invoice");
    expect(wrongAmount.message).toMatch(/2001 sat, not the 2000 sat asked for/);
    const wrongNetwork = await expectRefusedCleanly(s, { destination: service.address("wrong-network"), amount: 2000 }, 502, "lnurl_bad_invoice");
    expect(wrongNetwork.message).toMatch(/testnet.*regtest/);
    const expired = await expectRefusedCleanly(s, { destination: service.address("expired"), amount: 2000 }, 502, "lnurl_bad_invoice");
    expect(expired.message).toMatch(/expired/);
    await expectLedgerMatchesBalance(s);
  });

  it("answers clearly when the service cannot be reached, refuses, or misbehaves", async () => {
    const s = await shop();
    const unreachable = await expectRefusedCleanly(s, { destination: `alice@${await unreachableDomain()}`, amount: 100 }, 502, "lnurl_unreachable");
    expect(unreachable.message).toMatch(/refused the connection|could not be reached/);
    const refused = await expectRefusedCleanly(s, { destination: service.address("refuses"), amount: 100 }, 400, "lnurl_refused");
    expect(refused.message).toContain("This shop is closed today.");
    await expectRefusedCleanly(s, { destination: service.address("no-invoice"), amount: 100 }, 502, "lnurl_bad_response");
    const unknown = await expectRefusedCleanly(s, { destination: `nobody@${service.domain}`, amount: 100 }, 400, "lnurl_refused");
    expect(unknown.message).toContain("No user nobody here.");
    await expectRefusedCleanly(s, { destination: service.address("withdraw-tag"), amount: 100 }, 400, "validation_error", "destination");
  });

  it("checks the amount against the service's min and max before asking for an invoice", async () => {
    const s = await shop(5_000_000n);
    const asked = service.requests.length;
    const tooBig = await expectRefusedCleanly(s, { destination: service.address("alice"), amount: 2_000_000 }, 400, "validation_error", "amount");
    expect(tooBig.message).toMatch(/between 1 sat and 1000000 sat/);
    await expectRefusedCleanly(s, { destination: service.address("alice"), amount: 10, comment: "x".repeat(141) }, 400, "validation_error", "comment");
    await expectRefusedCleanly(s, { destination: service.address("alice") }, 400, "validation_error", "amount");
    await expectRefusedCleanly(s, { destination: "not an address", amount: 10 }, 400, "validation_error", "destination");
    await expectRefusedCleanly(s, { destination: service.address("alice"), ln_invoice: wallet.invoice(1000n), amount: 1 }, 400, "validation_error", "destination");
    expect(service.requests.length).toBe(asked);
  });

  it("refuses services on private addresses unless LNURL_ALLOW_PRIVATE_URLS allows them", async () => {
    const s = await shop();
    await expect(createPayout(s.merchantId, { destination: service.address("alice"), amount: 100 }, { policy: { allowPrivate: false } })).rejects.toMatchObject({
      code: "lnurl_url_not_allowed",
    });
    await expect(createPayout(s.merchantId, { destination: service.lnurlp("alice"), amount: 100 }, { policy: { allowPrivate: false } })).rejects.toMatchObject({
      code: "lnurl_url_not_allowed",
      message: expect.stringMatching(/https/),
    });
    expect(await db().payout.count({ where: { merchantId: s.merchantId } })).toBe(0);
  });
});

describe("paying a BOLT 11 invoice", () => {
  it("pays an invoice of the demo wallet on the same node, with the preimage as proof", async () => {
    const s = await shop();
    const before = await walletBalance(DEMO_WALLET);
    const invoice = await createWalletInvoice(DEMO_WALLET, { amountMsat: 3_000_000n, description: "Customer refund", expirySeconds: 3600 }, env().lightning.network);
    const payout = await paid(s, { ln_invoice: `lightning:${invoice.invoice}` });
    expect(payout).toMatchObject({
      status: "paid",
      destination_type: "ln_invoice",
      destination: null,
      amount: "3000",
      currency: "SATS",
      target_amount: 3000,
      fees: 0,
      invoice_description: "Customer refund",
      payment_hash: invoice.paymentHash,
    });
    expect(payout.payment_preimage).toMatch(/^[0-9a-f]{64}$/);
    expect(await walletBalance(DEMO_WALLET)).toBe(before + 3_000_000n);
    expect(await balance(s)).toMatchObject({ available_msat: String(100_000_000 - 3_000_000), reserved_msat: "0" });
    await expectLedgerMatchesBalance(s);
  });

  it("takes an amount for an invoice without one, and refuses an amount that differs from the invoice's", async () => {
    const s = await shop();
    const open = wallet.invoice(null);
    await expectRefusedCleanly(s, { ln_invoice: open }, 400, "validation_error", "amount");
    const payout = await paid(s, { ln_invoice: open, amount: 700 });
    expect(payout).toMatchObject({ status: "paid", target_amount: 700 });

    const fixed = wallet.invoice(1_000_000n);
    const s2 = await shop();
    const mismatch = await expectRefusedCleanly(s2, { ln_invoice: fixed, amount: 999 }, 400, "validation_error", "amount");
    expect(mismatch.message).toMatch(/1000 sat/);
    expect((await paid(s2, { ln_invoice: fixed, amount: "1000" })).status).toBe("paid");
    await expectLedgerMatchesBalance(s);
    await expectLedgerMatchesBalance(s2);
  });

  it("refuses invoices that cannot be paid here, writing nothing", async () => {
    const s = await shop();
    await expectRefusedCleanly(s, { ln_invoice: new TestWallet("testnet").invoice(1000n) }, 400, "validation_error", "ln_invoice");
    await expectRefusedCleanly(s, { ln_invoice: wallet.invoice(1000n, { timestamp: Math.floor(Date.now() / 1000) - 7200, expirySeconds: 60 }) }, 400, "validation_error", "ln_invoice");
    const tampered = wallet.invoice(1000n);
    await expectRefusedCleanly(s, { ln_invoice: tampered.slice(0, -8) + "qqqqqqqq" }, 400, "validation_error", "ln_invoice");
    await expectRefusedCleanly(s, { ln_invoice: "lnbc1nonsense" }, 400, "validation_error", "ln_invoice");
    await expectRefusedCleanly(s, {}, 400, "validation_error", "ln_invoice");
    await expectRefusedCleanly(s, { ln_invoice: wallet.invoice(1000n), surprise: 1 }, 400, "validation_error");
  });

  it("refuses a payout the balance cannot cover (amount + fee limit) and writes nothing", async () => {
    const s = await shop(1_000n);
    // 950 sats + the 100-sat fee limit is more than 1000.
    const error = await expectRefusedCleanly(s, { ln_invoice: wallet.invoice(950_000n) }, 400, "insufficient_balance");
    expect(error.message).toMatch(/1000 sats does not cover 1050 sats/);
    expect((await paid(s, { ln_invoice: wallet.invoice(900_000n) })).status).toBe("paid");
    await expectLedgerMatchesBalance(s);
  });

  it("pays the same invoice once: sent twice, at once, or with the same Idempotency-Key", async () => {
    const s = await shop();
    const invoice = wallet.invoice(1_000_000n);
    const hash = decodeInvoice(invoice).paymentHash;
    const [a, b] = await Promise.all([pay(s, { ln_invoice: invoice }), pay(s, { ln_invoice: invoice })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error).toMatchObject({ code: "invoice_already_used", param: "ln_invoice" });
    const again = await pay(s, { ln_invoice: invoice });
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toContain((a.status === 201 ? a : b).body.id as string);
    // Another merchant is told the invoice is used, not by whom.
    const other = await shop();
    const elsewhere = await pay(other, { ln_invoice: invoice });
    expect(elsewhere.body.error).toMatchObject({ code: "invoice_already_used" });
    expect(elsewhere.body.error?.message).not.toContain("po_");

    const keyed = wallet.invoice(2_000_000n);
    const first = await pay(s, { ln_invoice: keyed }, { "Idempotency-Key": "payout-1" });
    const replay = await pay(s, { ln_invoice: keyed }, { "Idempotency-Key": "payout-1" });
    expect(first.status).toBe(201);
    expect(replay).toEqual(first);

    await paymentsSettled();
    expect(await db().simPayment.count({ where: { paymentHash: hash } })).toBe(1);
    expect(await db().payout.count({ where: { paymentHash: hash } })).toBe(1);
    expect(await balance(s)).toMatchObject({ reserved_msat: "0", available_msat: String(100_000_000 - 1_000_000 - 1_100 - 2_000_000 - 1_200) });
    await expectLedgerMatchesBalance(s);
  });

  it("refuses an invoice a withdraw has already paid (one payment hash across withdraws and payouts)", async () => {
    const s = await shop();
    const created = await s.client.post("/api/v1/withdraws", { amount: "1000", currency: "SATS" });
    const withdraw = withdrawObjectSchema.parse(created.body);
    const customer = new TestWallet("regtest", (url) => url.replace(env().publicUrl, server.url));
    const pulled = await customer.withdraw(liveLink(withdraw));
    expect(pulled.reply).toEqual({ status: "OK" });
    await paymentsSettled();
    await expectRefusedCleanly(s, { ln_invoice: pulled.invoice }, 409, "invoice_already_used", "ln_invoice");
  });
});

describe("one payment hash across payouts and withdraws", () => {
  it("refuses a withdraw callback with an invoice a payout has already paid", async () => {
    const s = await shop();
    const customer = new TestWallet("regtest", (url) => url.replace(env().publicUrl, server.url));
    const invoice = customer.invoice(1_000_000n);
    expect((await paid(s, { ln_invoice: invoice })).status).toBe("paid");
    const created = await s.client.post("/api/v1/withdraws", { amount: "1000", currency: "SATS" });
    const withdraw = withdrawObjectSchema.parse(created.body);
    const request = await customer.firstStep(liveLink(withdraw));
    if (!("tag" in request)) throw new Error("the first step refused");
    const { reply } = await customer.callback(request, invoice);
    expect(reply).toEqual({ status: "ERROR", reason: "This invoice has already been used. Create a new one." });
    await paymentsSettled();
    expect((await s.client.get(`/api/v1/withdraws/${withdraw.id}`)).body.status).toBe("unpaid");
    expect(await db().simPayment.count({ where: { paymentHash: decodeInvoice(invoice).paymentHash } })).toBe(1);
    await expectLedgerMatchesBalance(s);
  });
});

describe("payment outcomes", () => {
  it("a definite failure fails the payout and releases its reservation", async () => {
    const s = await shop();
    await setSimulatorMode({ mode: "fail" });
    const payout = await paid(s, { ln_invoice: wallet.invoice(4_000_000n), statement_descriptor: "will fail" });
    expect(payout).toMatchObject({ status: "failed", fees: 0, target_amount_paid: 0, payment_preimage: null });
    expect(payout.failure_reason).toMatch(/no route/);
    expect(await balance(s)).toMatchObject({ available_msat: "100000000", reserved_msat: "0" });
    const entries = await expectLedgerMatchesBalance(s);
    expect(entries.map((e) => e.kind)).toEqual(["adjustment", "reserve", "release"]);
    expect((await db().event.findMany({ where: { payoutId: payout.id } })).map((e) => e.type)).toEqual(["payout.failed"]);
  });

  it("a payment that hangs stays processing, through reconciliation, until the node settles it", async () => {
    const s = await shop();
    await setSimulatorMode({ mode: "hang" });
    const payout = await paid(s, { destination: service.address("alice"), amount: 5000 });
    expect(payout.status).toBe("processing");
    await paymentsSettled();
    expect(await balance(s)).toMatchObject({ reserved_msat: String(5_000_000 + 100_000) });
    await expectLedgerMatchesBalance(s);

    // The reconciler re-asks a payout only after a few seconds: make this one due now.
    const due = () => db().payout.update({ where: { id: payout.id }, data: { sentAt: new Date(Date.now() - 30_000), checkedAt: null } });
    await due();
    expect(await reconcilePayments(PAYOUT_PAYMENT)).toMatchObject({ checked: 1, pending: 1, paid: 0, failed: 0 });
    expect((await read(s, payout.id)).status).toBe("processing");
    expect(await db().event.count({ where: { payoutId: payout.id } })).toBe(0);

    await setSimulatorMode({ mode: "normal" });
    await due();
    expect(await reconcilePayments(PAYOUT_PAYMENT)).toMatchObject({ checked: 1, paid: 1 });
    const settled = await read(s, payout.id);
    expect(settled).toMatchObject({ status: "paid", fees: 1.5 });
    expect(await balance(s)).toMatchObject({ available_msat: String(100_000_000 - 5_000_000 - 1_500), reserved_msat: "0" });
    await expectLedgerMatchesBalance(s);
    expect(await db().simPayment.count({ where: { paymentHash: payout.payment_hash } })).toBe(1);
    // Reconciling again changes nothing.
    await due();
    expect(await reconcilePayments(PAYOUT_PAYMENT)).toMatchObject({ paid: 0, failed: 0 });
    expect((await db().event.findMany({ where: { payoutId: payout.id } })).map((e) => e.type)).toEqual(["payout.paid"]);
  });

  it("a payout left pending by a crash before it was sent is failed by the reconciler, its reservation released", async () => {
    const s = await shop();
    const payout = await paid(s, { ln_invoice: wallet.invoice(1_000_000n) });
    // Put it back as a process that died between the reservation and the payment would have left it.
    const { amountMsat, feeLimitMsat } = await db().payout.findUniqueOrThrow({ where: { id: payout.id } });
    const stale = await shop();
    const row = await db().payout.findUniqueOrThrow({ where: { id: payout.id } });
    const invoice = wallet.invoice(1_000_000n);
    const decoded = decodeInvoice(invoice);
    const id = payout.id.slice(0, -4) + "zzzz";
    await db().$transaction(async (tx) => {
      await tx.payout.create({
        data: { ...row, id, merchantId: stale.merchantId, status: "pending", invoice, paymentHash: decoded.paymentHash, feesMsat: null, preimage: null, paidAt: null, sentAt: null, metadata: undefined, createdAt: new Date(Date.now() - 3_600_000) },
      });
      const reserve = amountMsat + feeLimitMsat;
      await tx.$executeRaw`UPDATE balances SET available_msat = available_msat - ${reserve}, reserved_msat = reserved_msat + ${reserve}, ledger_sequence = ledger_sequence + 1 WHERE merchant_id = ${stale.merchantId}`;
      await tx.ledgerEntry.create({
        data: { id: `le_${id.slice(3)}`, merchantId: stale.merchantId, kind: "reserve", availableDeltaMsat: -reserve, reservedDeltaMsat: reserve, availableAfterMsat: 100_000_000n - reserve, reservedAfterMsat: reserve, payoutId: id, sequence: 2n },
      });
    });
    await expectLedgerMatchesBalance(stale);
    expect(await reconcilePayments(PAYOUT_PAYMENT)).toMatchObject({ failed: 1 });
    expect(await read(stale, id)).toMatchObject({ status: "failed", failure_reason: "The payout was never sent to the Lightning node." });
    expect(await balance(stale)).toMatchObject({ available_msat: "100000000", reserved_msat: "0" });
    await expectLedgerMatchesBalance(stale);
    expect(await db().simPayment.count({ where: { paymentHash: decoded.paymentHash } })).toBe(0);
  });
});

describe("reading payouts", () => {
  it("lists newest first with cursors both ways and a status filter; read-only keys read but cannot pay", async () => {
    const s = await shop();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await paid(s, { ln_invoice: wallet.invoice(BigInt(1000 + i) * 1000n) })).id);
    await setSimulatorMode({ mode: "fail" });
    const failed = await paid(s, { ln_invoice: wallet.invoice(1_234_000n) });
    ids.push(failed.id);
    const newest = [...ids].reverse();

    const page1 = await s.client.get("/api/v1/payouts?limit=4");
    expect(page1.body).toMatchObject({ object: "list", url: "/api/v1/payouts", has_more: true });
    const data1 = (page1.body.data as PayoutObject[]).map((p) => payoutObjectSchema.parse(p).id);
    expect(data1).toEqual(newest.slice(0, 4));
    const page2 = await s.client.get(`/api/v1/payouts?limit=4&starting_after=${data1[3]}`);
    expect((page2.body.data as PayoutObject[]).map((p) => p.id)).toEqual(newest.slice(4));
    expect(page2.body.has_more).toBe(false);
    const back = await s.client.get(`/api/v1/payouts?limit=2&ending_before=${newest[4]}`);
    expect((back.body.data as PayoutObject[]).map((p) => p.id)).toEqual(newest.slice(2, 4));
    const onlyFailed = await s.client.get("/api/v1/payouts?status=failed");
    expect((onlyFailed.body.data as PayoutObject[]).map((p) => p.id)).toEqual([failed.id]);
    const bad = await s.client.get("/api/v1/payouts?status=lost");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "validation_error", param: "status" });

    const readOnly = api(server.url, s.readOnlyKey);
    expect((await readOnly.get(`/api/v1/payouts/${ids[0]}`)).status).toBe(200);
    expect((await readOnly.post("/api/v1/payouts", { ln_invoice: wallet.invoice(1000n) })).body.error).toMatchObject({ code: "insufficient_scope" });
    const other = await shop();
    expect((await other.client.get(`/api/v1/payouts/${ids[0]}`)).body.error).toMatchObject({ code: "not_found" });
    expect((await other.client.get("/api/v1/payouts")).body.data).toEqual([]);
    await expectLedgerMatchesBalance(s);
  });
});
