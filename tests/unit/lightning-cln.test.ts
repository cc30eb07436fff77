// Contract tests of the Core Lightning adapter against a fake CLNRest (tests/support/fake-cln.ts).
// Followed: ElementsProject/lightning —
//   plugins/rest-plugin/src/handlers.rs (CLNRest): POST /v1/{rpc_method} with the parameters as a JSON object,
//     the rune in the `Rune` header, 201 with the result, 403/401 for a missing or refused rune, 404 for an
//     unknown method (-32601), 500 with the RPC error {code, message, data} otherwise;
//   doc/schemas/pay.json: request bolt11, maxfee (absolute msat limit), retry_for (seconds); response
//     payment_preimage, amount_msat, amount_sent_msat (fee = the difference), status complete|pending|failed;
//     error codes 201, 203, 205, 206, 207, 210 (given up) and -1 (catchall, not a definite failure);
//   lightningd/jsonrpc_errors.h: 200 PAY_IN_PROGRESS;
//   doc/schemas/listpays.json: pays[] by payment_hash, status pending|failed|complete, preimage and
//     amount_sent_msat when complete; listsendpays: payments[] (one per part);
//   getinfo (id, alias, network), invoice (amount_msat, label, description, expiry → bolt11, payment_hash,
//     expires_at), listinvoices (status unpaid|paid|expired, amount_received_msat), listfunds
//     (channels[].our_amount_msat, state).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { checkLightningNode, NodeCheckError } from "@/lib/lightning/check-node";
import { clnBackend, type ClnConfig } from "@/lib/lightning/cln";
import { BackendError } from "@/lib/lightning/http";
import { FakeNode, unusedUrl } from "../support/fake-lightning";
import { startFakeCln, type FakeCln } from "../support/fake-cln";

let fake: FakeCln;

function backend(overrides: Partial<ClnConfig> = {}) {
  return clnBackend({ url: fake.url, rune: fake.rune, network: "regtest", timeoutMs: 2000, payGraceMs: 200, ...overrides });
}

function pay(invoice: string, timeoutSeconds = 5) {
  const decoded = decodeInvoice(invoice);
  return backend().payInvoice({ invoice, paymentHash: decoded.paymentHash, amountMsat: decoded.amountMsat!, feeLimitMsat: 10_000n, timeoutSeconds });
}

async function rejection(promise: Promise<unknown>): Promise<BackendError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(BackendError);
  return error as BackendError;
}

beforeEach(async () => {
  fake = await startFakeCln(new FakeNode("regtest"));
});
afterEach(async () => {
  await fake.close();
});

describe("Core Lightning adapter", () => {
  it("reads network, node id and alias from getinfo, and the usable channel balance from listfunds", async () => {
    fake.node.alias = "shop-cln";
    expect(await backend().getInfo()).toEqual({ backend: "cln", network: "regtest", pubkey: fake.node.pubkey, alias: "shop-cln", version: fake.settings.version, livemode: false });
    // The closing channel's 7,777 sats are not spendable.
    expect(await backend().getBalance()).toEqual({ msat: fake.node.balanceMsat });
  });

  it("refuses to start on another network than LIGHTNING_NETWORK", async () => {
    fake.node.network = "testnet";
    const refused = await checkLightningNode(backend(), "regtest").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NodeCheckError);
    expect((refused as Error).message).toMatch(/is on testnet, but LIGHTNING_NETWORK=regtest/);
  });

  it("creates an invoice and sees it paid through listinvoices", async () => {
    const created = await backend().createInvoice({ amountMsat: 21_500n, description: "deposit", expirySeconds: 900 });
    expect(decodeInvoice(created.invoice).amountMsat).toBe(21_500n);
    expect(fake.calls.at(-1)).toMatchObject({ method: "invoice", params: { amount_msat: 21_500, description: "deposit", expiry: 900 } });
    expect(await backend().lookupInvoice(created.paymentHash)).toEqual({ settled: false, amountMsat: 21_500n, receivedMsat: 0n });
    fake.node.receive(created.paymentHash);
    expect(await backend().lookupInvoice(created.paymentHash)).toEqual({ settled: true, amountMsat: 21_500n, receivedMsat: 21_500n });
    expect(await backend().lookupInvoice("0".repeat(64))).toBeNull();
  });

  it("reports as received what the node received (amount_received_msat), not what the invoice asks (amount_msat)", async () => {
    for (const receivedMsat of [20_000n, 30_000n]) {
      const created = await backend().createInvoice({ amountMsat: 21_500n, description: "deposit", expirySeconds: 900 });
      fake.node.receive(created.paymentHash, receivedMsat);
      expect(await backend().lookupInvoice(created.paymentHash)).toEqual({ settled: true, amountMsat: 21_500n, receivedMsat });
    }
  });

  it("on v26.06 pays with xpay (invstring, maxfee, retry_for): succeeded with the preimage and the fee", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    const outcome = await pay(invoice.invoice, 30);
    expect(fake.calls.map((c) => c.method)).toEqual(["getinfo", "xpay"]);
    expect(fake.calls.find((c) => c.method === "xpay")?.params).toEqual({ invstring: invoice.invoice, maxfee: 10_000, retry_for: 30 });
    expect(outcome).toEqual({ status: "succeeded", preimage: fake.node.payments.get(invoice.hash)!.preimage, feeMsat: 1_500n });
    expect(await backend().lookupPayment(invoice.hash)).toEqual(outcome);
  });

  it("before v26.06 pays with pay (bolt11, maxfee, retry_for); a pay that gave up (205, no route) is a failure, confirmed by listpays", async () => {
    fake.settings.version = "v25.02";
    const paid = new FakeNode().createInvoice(50_000n, "payout");
    const payer = backend();
    const decoded = decodeInvoice(paid.invoice);
    const outcome = await payer.payInvoice({ invoice: paid.invoice, paymentHash: paid.hash, amountMsat: decoded.amountMsat!, feeLimitMsat: 10_000n, timeoutSeconds: 30 });
    expect(fake.calls.find((c) => c.method === "pay")?.params).toEqual({ bolt11: paid.invoice, maxfee: 10_000, retry_for: 30 });
    expect(outcome).toEqual({ status: "succeeded", preimage: fake.node.payments.get(paid.hash)!.preimage, feeMsat: 1_500n });
    const failing = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(failing.hash, "fail");
    fake.calls.length = 0;
    expect(await payer.payInvoice({ invoice: failing.invoice, paymentHash: failing.hash, amountMsat: 50_000n, feeLimitMsat: 10_000n, timeoutSeconds: 5 })).toMatchObject({
      status: "failed",
      reason: expect.stringMatching(/Ran out of routes/),
    });
    expect(fake.calls.map((c) => c.method)).toEqual(["pay", "listpays"]);
  });

  it("a v26.06 node with the xpay plugin disabled answers xpay -32601 (CLNRest 404): paid with pay, once", async () => {
    fake.settings.xpayPlugin = false;
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    const payer = backend();
    const outcome = await payer.payInvoice({ invoice: invoice.invoice, paymentHash: invoice.hash, amountMsat: 50_000n, feeLimitMsat: 10_000n, timeoutSeconds: 5 });
    expect(outcome).toMatchObject({ status: "succeeded", feeMsat: 1_500n });
    expect(fake.calls.map((c) => c.method)).toEqual(["getinfo", "xpay", "pay"]);
    expect(fake.node.payCalls).toEqual([invoice.hash]);
    // The choice is remembered: the next payment goes to pay directly.
    const next = new FakeNode().createInvoice(10_000n, "payout");
    await payer.payInvoice({ invoice: next.invoice, paymentHash: next.hash, amountMsat: 10_000n, feeLimitMsat: 10_000n, timeoutSeconds: 5 });
    expect(fake.calls.map((c) => c.method).slice(3)).toEqual(["pay"]);
  });

  it("xpay's 209 (failed after its attempts, or timed out) is a failure, confirmed by listpays", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(invoice.hash, "fail");
    expect(await pay(invoice.invoice)).toEqual({ status: "failed", reason: "Core Lightning: Failed after 3 attempts. no route" });
    expect(fake.calls.map((c) => c.method)).toEqual(["getinfo", "xpay", "listpays"]);
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "failed" });
  });

  it("xpay's -3 (hash already in progress or already paid) is never a failure: listpays decides", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(invoice.hash, "in_flight");
    expect(await pay(invoice.invoice, 1)).toEqual({ status: "in_flight" });
    // Still pending: -3, and listpays says pending.
    expect(await pay(invoice.invoice, 1)).toEqual({ status: "in_flight" });
    fake.node.settle(invoice.hash);
    // Already paid: -3 again, and listpays says complete.
    expect(await pay(invoice.invoice, 1)).toMatchObject({ status: "succeeded", feeMsat: 1_500n });
    expect(fake.node.payments.size).toBe(1);
  });

  it("on v26.06 `pay` is served by xpay: its 209 and -3 are read the same way", async () => {
    // A Sluice that still called pay on v26.06 would meet xpay's codes.
    const failing = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(failing.hash, "fail");
    const answer = await fetch(`${fake.url}/v1/pay`, {
      method: "POST",
      headers: { rune: fake.rune, "content-type": "application/json" },
      body: JSON.stringify({ bolt11: failing.invoice, maxfee: 10_000, retry_for: 5 }),
    });
    expect({ status: answer.status, code: ((await answer.json()) as { code: number }).code }).toEqual({ status: 500, code: 209 });
  });

  it("a pay call that never answers is in flight after retry_for and the grace, then settles", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(invoice.hash, "hang");
    expect(await pay(invoice.invoice, 1)).toEqual({ status: "in_flight" });
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
    fake.node.settle(invoice.hash);
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "succeeded", feeMsat: 1_500n });
  });

  it("in flight, then settled", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "in_flight");
    expect(await pay(invoice.invoice)).toEqual({ status: "in_flight" });
    // A second pay while the first is pending: 200 PAY_IN_PROGRESS, still in flight, never a second payment.
    expect(await pay(invoice.invoice)).toEqual({ status: "in_flight" });
    fake.node.settle(invoice.hash);
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "succeeded", feeMsat: 1_500n });
    expect(fake.node.payments.size).toBe(1);
  });

  it("in flight, then failed", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "in_flight");
    expect(await pay(invoice.invoice)).toEqual({ status: "in_flight" });
    fake.node.fail(invoice.hash);
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "failed" });
  });

  it("a connection cut after the pay call arrived is in flight, never a failure", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "drop");
    expect(await pay(invoice.invoice)).toEqual({ status: "in_flight" });
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
    fake.node.settle(invoice.hash);
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "succeeded" });
  });

  it("a catchall error (-1) is an unknown outcome, thrown, never a failure", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "server_error");
    expect((await rejection(pay(invoice.invoice))).reason).toBe("status");
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
  });

  it("a missing or foreign rune is thrown as unauthorized and pays nothing", async () => {
    expect((await rejection(backend({ rune: "not-the-node-s-rune-at-all" }).getInfo())).reason).toBe("unauthorized");
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    const refused = backend({ rune: "" }).payInvoice({ invoice: invoice.invoice, paymentHash: invoice.hash, amountMsat: 70_000n, feeLimitMsat: 0n, timeoutSeconds: 5 });
    expect((await rejection(refused)).status).toBe(401);
    expect(fake.node.payments.size).toBe(0);
    // No Rune header at all is 403 (verify_rune: AppError::Forbidden), a refused one 401 (AppError::Unauthorized).
    const missing = await fetch(`${fake.url}/v1/getinfo`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect({ status: missing.status, body: await missing.json() }).toEqual({ status: 403, body: { code: 1501, message: "Not authorized: Missing rune" } });
    expect((await rejection(backend({ rune: "not-the-node-s-rune-at-all" }).getBalance())).status).toBe(401);
  });

  it("a payment the node never saw is not_found; an unreachable node is thrown as unreachable", async () => {
    expect(await backend().lookupPayment("1".repeat(64))).toEqual({ status: "not_found" });
    // A node that is down: nothing listens (a dropped kept-alive connection would instead be an unknown outcome).
    const url = await unusedUrl();
    expect((await rejection(backend({ url }).getBalance())).reason).toBe("unreachable");
  });
});
