// Contract tests of the LNbits adapter against a fake LNbits (tests/support/fake-lnbits.ts).
// Followed: the LNbits source, lnbits/lnbits on GitHub —
//   lnbits/core/views/payment_api.py: POST /api/v1/payments (out=false creates with the invoice key, out=true
//     pays with the admin key, 201 with the Payment; 403 "Invoice (or Admin) key required."), GET
//     /api/v1/payments/{payment_hash} ({paid, preimage} plus status and details for the owner's key; a bare
//     {paid:false} when LNbits could not ask its funding source; 404 "Payment does not exist."; with a valid
//     key the hash is looked up within that key's wallet only: get_standalone_payment(hash, wallet_id=…), so
//     another wallet's payment is a 404 too);
//   lnbits/core/views/wallet_api.py: GET /api/v1/wallet → {name, balance (msat)} for either key, and id only
//     for the admin key;
//   lnbits/exceptions.py: PaymentError → HTTP 520 {detail, status: "failed" | "pending"};
//   lnbits/core/models/payments.py: Payment (amount and fee in msat, negative when outgoing; status
//     pending | success | failed), CreateInvoice (amount in `unit`, "sat" by default; memo; expiry).
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { checkLightningNode, NodeCheckError } from "@/lib/lightning/check-node";
import { BackendError } from "@/lib/lightning/http";
import { lnbitsBackend, type LnbitsConfig } from "@/lib/lightning/lnbits";
import { FakeNode, sendJson, serveFake, type FakeServer, unusedUrl } from "../support/fake-lightning";
import { startFakeLnbits, type FakeLnbits } from "../support/fake-lnbits";

let fake: FakeLnbits;
const extra: FakeServer[] = [];

function backend(overrides: Partial<LnbitsConfig> = {}) {
  return lnbitsBackend({ url: fake.url, adminKey: fake.adminKey, invoiceKey: fake.invoiceKey, network: "regtest", timeoutMs: 2000, ...overrides });
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
  fake = await startFakeLnbits(new FakeNode("regtest"));
});
afterEach(async () => {
  await fake.close();
});
afterAll(async () => {
  await Promise.all(extra.map((s) => s.close()));
});

describe("LNbits adapter", () => {
  it("reads the network and node key off an invoice, and the wallet's name and balance", async () => {
    fake.node.alias = "Shop wallet";
    const info = await backend().getInfo();
    expect(info).toEqual({ backend: "lnbits", network: "regtest", pubkey: fake.node.pubkey, alias: "Shop wallet", version: null, livemode: false });
    expect(await backend().getBalance()).toEqual({ msat: fake.node.balanceMsat });
  });

  it("reports the node's real network, so a mismatch with the configuration is visible", async () => {
    fake.node.network = "bitcoin";
    const info = await backend().getInfo();
    expect(info.network).toBe("bitcoin");
    expect(info.livemode).toBe(true);
    const refused = await checkLightningNode(backend(), "regtest").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NodeCheckError);
    expect((refused as Error).message).toMatch(/is on Bitcoin mainnet, but LIGHTNING_NETWORK=regtest/);
    fake.node.network = "regtest";
    await expect(checkLightningNode(backend(), "regtest")).resolves.toMatchObject({ network: "regtest" });
  });

  it("refuses to start with keys of two wallets: the admin key cannot read back the invoice key's invoice", async () => {
    const [ours, other] = fake.wallets;
    const mixed = backend({ invoiceKey: other.invoiceKey });
    const error = await rejection(mixed.getInfo());
    expect(error.reason).toBe("misconfigured");
    expect(error.message).toMatch(/LNBITS_ADMIN_KEY and LNBITS_INVOICE_KEY belong to two different LNbits wallets/);
    expect(error.message).toContain(`wallet "${fake.node.alias}" (id ${ours.id.slice(0, 8)}…)`);
    expect(error.message).toContain('the invoice key opens wallet "Another wallet"');
    const refused = await checkLightningNode(mixed, "regtest").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NodeCheckError);
    expect((refused as Error).message).toMatch(/Sluice will not start\.$/);
    expect((await rejection(backend({ adminKey: fake.invoiceKey }).getInfo())).message).toMatch(/LNBITS_ADMIN_KEY is not the admin key/);
  });

  it("looks payments up with the admin key, the key that paid them", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(invoice.hash, "in_flight");
    const other = fake.wallets[1];
    // Even with another wallet's invoice key (which start-up refuses), the paying wallet is asked.
    const mixed = backend({ invoiceKey: other.invoiceKey });
    expect(await mixed.payInvoice({ invoice: invoice.invoice, paymentHash: invoice.hash, amountMsat: 50_000n, feeLimitMsat: 0n, timeoutSeconds: 5 })).toEqual({
      status: "in_flight",
    });
    expect(fake.ownerOf.payments.get(invoice.hash)).toBe(fake.walletId);
    expect(await mixed.lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
    // What the old lookup with the invoice key of the other wallet would have heard:
    const foreign = await fetch(`${fake.url}/api/v1/payments/${invoice.hash}`, { headers: { "X-Api-Key": other.invoiceKey } });
    expect(foreign.status).toBe(404);
    // A payment of another wallet on the same LNbits is not ours: never "succeeded" without its details.
    const theirs = new FakeNode().createInvoice(10_000n, "theirs");
    await fetch(`${fake.url}/api/v1/payments`, {
      method: "POST",
      headers: { "X-Api-Key": other.adminKey, "content-type": "application/json" },
      body: JSON.stringify({ out: true, bolt11: theirs.invoice }),
    });
    expect(await backend().lookupPayment(theirs.hash)).toEqual({ status: "not_found" });
  });

  it("reports as received the amount LNbits credited for the paid invoice (details.amount), the invoice's from its bolt11", async () => {
    for (const receivedMsat of [20_000n, 30_000n]) {
      const created = await backend().createInvoice({ amountMsat: 21_000n, description: "deposit", expirySeconds: 900 });
      fake.node.receive(created.paymentHash, receivedMsat);
      expect(await backend().lookupInvoice(created.paymentHash)).toEqual({ settled: true, amountMsat: 21_000n, receivedMsat });
    }
  });

  it("creates an invoice with the invoice key and sees it settle", async () => {
    const created = await backend().createInvoice({ amountMsat: 21_000n, description: "deposit", expirySeconds: 900 });
    const decoded = decodeInvoice(created.invoice);
    expect(decoded.amountMsat).toBe(21_000n);
    expect(decoded.paymentHash).toBe(created.paymentHash);
    expect(await backend().lookupInvoice(created.paymentHash)).toEqual({ settled: false, amountMsat: 21_000n, receivedMsat: 0n });
    fake.node.receive(created.paymentHash);
    expect(await backend().lookupInvoice(created.paymentHash)).toEqual({ settled: true, amountMsat: 21_000n, receivedMsat: 21_000n });
    expect(await backend().lookupInvoice("0".repeat(64))).toBeNull();
    await expect(backend().createInvoice({ amountMsat: 1_500n, description: "x", expirySeconds: 60 })).rejects.toThrow(/whole sats/);
  });

  it("pays an invoice: succeeded with the preimage and the fee, once", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    const outcome = await pay(invoice.invoice);
    const paid = fake.node.payments.get(invoice.hash)!;
    expect(outcome).toEqual({ status: "succeeded", preimage: paid.preimage, feeMsat: 1_500n });
    expect(fake.node.payCalls).toEqual([invoice.hash]);
    expect(await backend().lookupPayment(invoice.hash)).toEqual(outcome);
  });

  it("a definite failure (HTTP 520, status failed) is a failure, confirmed by reading the payment", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(invoice.hash, "fail");
    expect(await pay(invoice.invoice)).toEqual({ status: "failed", reason: "LNbits: Payment failed: no route" });
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "failed" });
  });

  it("a pay call that never answers is in flight at its timeout, then settles", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(invoice.hash, "hang");
    const started = Date.now();
    expect(await pay(invoice.invoice, 1)).toEqual({ status: "in_flight" });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
    fake.node.settle(invoice.hash);
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "succeeded", feeMsat: 1_500n });
  });

  it("in flight, then settled", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "in_flight");
    expect(await pay(invoice.invoice)).toEqual({ status: "in_flight" });
    fake.node.settle(invoice.hash);
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "succeeded", preimage: fake.node.payments.get(invoice.hash)!.preimage, feeMsat: 1_500n });
  });

  it("in flight, then failed", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "in_flight");
    expect(await pay(invoice.invoice)).toEqual({ status: "in_flight" });
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
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

  it("a server error while paying is an unknown outcome (thrown), never a failure", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "server_error");
    expect((await rejection(pay(invoice.invoice))).reason).toBe("status");
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
  });

  // A repeated payment (services/payments.py, _verify_external_payment) is PaymentError → HTTP 520 with the
  // first payment's state: "success" (already paid), "pending" (still pending), "failed" (failed at the node).
  it("a second pay call for the same invoice is answered 520 with the first payment's state, read as that state", async () => {
    const paid = new FakeNode().createInvoice(70_000n, "payout");
    const first = await pay(paid.invoice);
    expect(first.status).toBe("succeeded");
    expect(await pay(paid.invoice)).toEqual(first);

    const pending = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(pending.hash, "in_flight");
    expect(await pay(pending.invoice)).toEqual({ status: "in_flight" });
    expect(await pay(pending.invoice)).toEqual({ status: "in_flight" });

    const failed = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(failed.hash, "fail");
    expect(await pay(failed.invoice)).toMatchObject({ status: "failed" });
    expect(await pay(failed.invoice)).toEqual({ status: "failed", reason: "LNbits: Payment is failed node, retrying is not possible." });
    expect(fake.node.payments.size).toBe(3);
  });

  it("bad credentials are thrown as unauthorized, for reads and for payments", async () => {
    // A key no wallet has is 404 "Wallet not found." (KeyChecker.__call__ in lnbits_decorators.py), not a lost node.
    const unknownKey = await rejection(backend({ invoiceKey: "wrong" }).getBalance());
    expect(unknownKey).toMatchObject({ reason: "unauthorized", status: 404 });
    expect(unknownKey.message).toMatch(/no wallet with this key/);
    expect((await rejection(backend({ adminKey: "wrong" }).getInfo())).reason).toBe("unauthorized");
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    const refused = backend({ adminKey: fake.invoiceKey }).payInvoice({ invoice: invoice.invoice, paymentHash: invoice.hash, amountMsat: 70_000n, feeLimitMsat: 0n, timeoutSeconds: 5 });
    expect((await rejection(refused)).reason).toBe("unauthorized");
    expect(fake.node.payments.size).toBe(0);
  });

  it("a payment LNbits never recorded is not_found; an unreachable LNbits is thrown as unreachable", async () => {
    expect(await backend().lookupPayment("1".repeat(64))).toEqual({ status: "not_found" });
    // A node that is down: nothing listens (a dropped kept-alive connection would instead be an unknown outcome).
    const url = await unusedUrl();
    expect((await rejection(backend({ url }).lookupPayment("1".repeat(64)))).reason).toBe("unreachable");
  });

  it("a bare {paid:false} (LNbits could not ask its funding source) is in flight; a malformed answer is thrown", async () => {
    const odd = await serveFake((req, res) => {
      if (req.url?.endsWith("2".repeat(64))) return sendJson(res, 200, { paid: false });
      if (req.url?.endsWith("3".repeat(64))) return sendJson(res, 200, { paid: "yes" });
      return sendJson(res, 404, { detail: "Not Found" });
    });
    extra.push(odd);
    expect(await backend({ url: odd.url }).lookupPayment("2".repeat(64))).toEqual({ status: "in_flight" });
    expect((await rejection(backend({ url: odd.url }).lookupPayment("3".repeat(64)))).reason).toBe("malformed");
    // A 404 of a route (LNbits behind the wrong path) is not "this payment does not exist".
    expect((await rejection(backend({ url: odd.url }).lookupPayment("4".repeat(64)))).reason).toBe("status");
  });
});
