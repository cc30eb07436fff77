// Contract tests of the LND adapter against a fake LND REST gateway over HTTPS (tests/support/fake-lnd.ts).
// Followed: the LND API reference, lightning.engineering/api-docs/api/lnd (and api.lightning.community) —
//   REST basics: macaroon as hex in Grpc-Metadata-macaroon, TLS with the node's tls.cert, "bytes" fields as base64;
//   GetInfo GET /v1/getinfo: identity_pubkey, alias, chains[].{chain, network};
//   AddInvoice POST /v1/invoices: value_msat, memo, expiry → r_hash (bytes, base64), payment_request;
//   LookupInvoice GET /v1/invoice/{r_hash_str} (hex): state OPEN|SETTLED|CANCELED|ACCEPTED, value_msat, amt_paid_msat;
//   ChannelBalance GET /v1/balance/channels: local_balance.{sat, msat};
//   SendPaymentV2 POST /v2/router/send (server-streaming): payment_request, fee_limit_msat, timeout_seconds,
//     no_inflight_updates → a stream of lnrpc.Payment (status IN_FLIGHT|SUCCEEDED|FAILED|INITIATED, fee_msat,
//     payment_preimage and payment_hash as hex strings, failure_reason); "make sure to set a fee limit";
//   TrackPaymentV2 GET /v2/router/track/{payment_hash}: the hash is a bytes path parameter, sent as padded
//     URL-safe base64 (grpc-gateway's runtime.Bytes accepts padded standard or URL base64; standard base64's
//     "/" cannot travel in a path); an unknown payment is gRPC NotFound "payment isn't initiated".
// Not verifiable here: the exact HTTP status LND's gateway gives each streamed error and the exact wording of
// macaroon errors (the adapter also recognises 401/403), which a real node would confirm.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { checkLightningNode, NodeCheckError } from "@/lib/lightning/check-node";
import { BackendError } from "@/lib/lightning/http";
import { bytesInPath, lndBackend, type LndConfig } from "@/lib/lightning/lnd";
import { FakeNode, unusedUrl } from "../support/fake-lightning";
import { selfSignedCert, startFakeLnd, type FakeLnd, type Pem } from "../support/fake-lnd";

let tls: Pem;
let fake: FakeLnd;

function backend(overrides: Partial<LndConfig> = {}) {
  return lndBackend({ url: fake.url, macaroonHex: fake.macaroonHex, tlsCertPem: fake.tls.cert, network: "regtest", timeoutMs: 2000, payGraceMs: 300, ...overrides });
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

beforeAll(() => {
  tls = selfSignedCert();
});
beforeEach(async () => {
  fake = await startFakeLnd(new FakeNode("regtest"), tls);
});
afterEach(async () => {
  await fake.close();
});

describe("LND adapter", () => {
  it("talks to the node through its pinned self-signed certificate (named for localhost, reached at 127.0.0.1)", async () => {
    fake.node.alias = "shop-lnd";
    expect(await backend().getInfo()).toEqual({ backend: "lnd", network: "regtest", pubkey: fake.node.pubkey, alias: "shop-lnd", version: "0.18.5-beta", livemode: false });
    expect(await backend().getBalance()).toEqual({ msat: fake.node.balanceMsat });
  });

  it("reads the whole-sats balance of a release without local_balance", async () => {
    const legacy = await startFakeLnd(new FakeNode("regtest"), tls, { legacyBalance: true });
    try {
      legacy.node.balanceMsat = 2_100_000_000_000_000_000n;
      expect(await backend({ url: legacy.url, macaroonHex: legacy.macaroonHex }).getBalance()).toEqual({ msat: 2_100_000_000_000_000_000n });
    } finally {
      await legacy.close();
    }
  });

  it("refuses a node presenting another certificate, and an unpinned self-signed one", async () => {
    const other = selfSignedCert();
    expect((await rejection(backend({ tlsCertPem: other.cert }).getInfo())).reason).toBe("unreachable");
    expect((await rejection(backend({ tlsCertPem: undefined }).getInfo())).reason).toBe("unreachable");
  });

  it("maps mainnet to bitcoin and refuses to start on a network mismatch", async () => {
    fake.node.network = "bitcoin";
    expect(await backend().getInfo()).toMatchObject({ network: "bitcoin", livemode: true });
    const refused = await checkLightningNode(backend(), "signet").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NodeCheckError);
    expect((refused as Error).message).toMatch(/is on Bitcoin mainnet, but LIGHTNING_NETWORK=signet/);
  });

  it("adds an invoice (r_hash in base64) and sees it settle", async () => {
    // Before the node has any invoice, LookupInvoice answers NotFound "there are no existing invoices"
    // (ErrNoInvoicesCreated, tests/fixtures/node-apis/lnd/invoices_errors.go): not found, like any other.
    expect(await backend().lookupInvoice("0".repeat(64))).toBeNull();
    const created = await backend().createInvoice({ amountMsat: 21_500n, description: "deposit", expirySeconds: 900 });
    expect(decodeInvoice(created.invoice).amountMsat).toBe(21_500n);
    expect(await backend().lookupInvoice(created.paymentHash)).toEqual({ settled: false, amountMsat: 21_500n, receivedMsat: 0n });
    fake.node.receive(created.paymentHash);
    expect(await backend().lookupInvoice(created.paymentHash)).toEqual({ settled: true, amountMsat: 21_500n, receivedMsat: 21_500n });
    expect(await backend().lookupInvoice("0".repeat(64))).toBeNull();
  });

  it("reports as received what the node accepted (amt_paid_msat), not what the invoice asks (value_msat)", async () => {
    for (const receivedMsat of [20_000n, 30_000n]) {
      const created = await backend().createInvoice({ amountMsat: 21_500n, description: "deposit", expirySeconds: 900 });
      fake.node.receive(created.paymentHash, receivedMsat);
      expect(await backend().lookupInvoice(created.paymentHash)).toEqual({ settled: true, amountMsat: 21_500n, receivedMsat });
    }
  });

  it("pays through the streaming send with a fee limit and timeout: succeeded, lines read across chunks", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    const outcome = await pay(invoice.invoice, 30);
    expect(fake.sends[0]).toEqual({ payment_request: invoice.invoice, fee_limit_msat: "10000", timeout_seconds: 30, no_inflight_updates: true });
    expect(outcome).toEqual({ status: "succeeded", preimage: fake.node.payments.get(invoice.hash)!.preimage, feeMsat: 1_500n });
    expect(await backend().lookupPayment(invoice.hash)).toEqual(outcome);
    // The hash travels as padded URL-safe base64 (the fake refuses anything else with HTTP 400).
    expect(fake.trackPaths).toEqual([bytesInPath(invoice.hash)]);
    expect(bytesInPath("fb".repeat(32))).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(bytesInPath("fb".repeat(32))).toContain("-");
  });

  it("a FAILED payment is a failure with LND's reason", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(invoice.hash, "fail");
    expect(await pay(invoice.invoice)).toEqual({ status: "failed", reason: "LND: FAILURE_REASON_NO_ROUTE" });
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "failed" });
  });

  it("a FAILED payment may be sent again: LND really sends it, and the new attempt's outcome is reported", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(invoice.hash, "fail");
    expect(await pay(invoice.invoice)).toMatchObject({ status: "failed" });
    fake.node.script.set(invoice.hash, "succeed");
    const again = await pay(invoice.invoice);
    expect(again).toEqual({ status: "succeeded", preimage: fake.node.payments.get(invoice.hash)!.preimage, feeMsat: 1_500n });
    expect(fake.node.payCalls).toEqual([invoice.hash, invoice.hash]);
    expect(await backend().lookupPayment(invoice.hash)).toEqual(again);
  });

  it("a send stream that stays silent is in flight at the timeout, then settles", async () => {
    const invoice = new FakeNode().createInvoice(50_000n, "payout");
    fake.node.script.set(invoice.hash, "hang");
    expect(await pay(invoice.invoice, 1)).toEqual({ status: "in_flight" });
    // The track stream's first update is the current state; the lookup does not wait for the end.
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
    fake.node.settle(invoice.hash);
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "succeeded", feeMsat: 1_500n });
  });

  it("in flight, then settled while the send stream is open", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "in_flight");
    const paying = pay(invoice.invoice, 10);
    await expect.poll(() => fake.node.payments.has(invoice.hash)).toBe(true);
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
    fake.node.settle(invoice.hash);
    expect(await paying).toMatchObject({ status: "succeeded", feeMsat: 1_500n });
  });

  it("in flight, then failed", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "in_flight");
    expect(await pay(invoice.invoice, 1)).toEqual({ status: "in_flight" });
    // Paying again while it is in flight: "payment is in transition", read back as in flight, no second payment.
    expect(await pay(invoice.invoice, 1)).toEqual({ status: "in_flight" });
    fake.node.fail(invoice.hash);
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "failed" });
    expect(fake.node.payments.size).toBe(1);
  });

  it("a connection cut after the pay call arrived is in flight, never a failure", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "drop");
    expect(await pay(invoice.invoice)).toEqual({ status: "in_flight" });
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
    fake.node.settle(invoice.hash);
    expect(await backend().lookupPayment(invoice.hash)).toMatchObject({ status: "succeeded" });
  });

  it("a proxy error (HTTP 503, no gRPC status) is an unknown outcome, thrown, never a failure", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    fake.node.script.set(invoice.hash, "server_error");
    expect((await rejection(pay(invoice.invoice))).reason).toBe("status");
    expect(await backend().lookupPayment(invoice.hash)).toEqual({ status: "in_flight" });
  });

  it("an already paid invoice reads back as succeeded", async () => {
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    const first = await pay(invoice.invoice);
    expect(await pay(invoice.invoice)).toEqual(first);
  });

  it("a missing or wrong macaroon is thrown as unauthorized and pays nothing", async () => {
    expect((await rejection(backend({ macaroonHex: "ab".repeat(40) }).getInfo())).reason).toBe("unauthorized");
    const invoice = new FakeNode().createInvoice(70_000n, "payout");
    const refused = backend({ macaroonHex: "cd".repeat(40) }).payInvoice({ invoice: invoice.invoice, paymentHash: invoice.hash, amountMsat: 70_000n, feeLimitMsat: 0n, timeoutSeconds: 5 });
    expect((await rejection(refused)).reason).toBe("unauthorized");
    expect(fake.node.payments.size).toBe(0);
  });

  it("a payment LND never started is not_found; an unreachable node is thrown as unreachable", async () => {
    expect(await backend().lookupPayment("1".repeat(64))).toEqual({ status: "not_found" });
    // A node that is down: nothing listens (a dropped kept-alive connection would instead be an unknown outcome).
    const url = await unusedUrl("https");
    expect((await rejection(backend({ url }).getBalance())).reason).toBe("unreachable");
  });
});
