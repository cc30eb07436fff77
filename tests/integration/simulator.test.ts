// The simulated Lightning node (the default backend) on its own: a payment is made at most once however many
// calls race for it, money moves exactly once, its modes (fail, hang, slow) hold from the very next payment,
// and a payment costs the database two statements.
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { db, pool } from "@/lib/db";
import { env } from "@/lib/env";
import { simulatorBackend } from "@/lib/lightning/simulator";
import { createWalletInvoice } from "@/lib/lightning/simulator/invoices";
import { isPaying, payFromWallet } from "@/lib/lightning/simulator/payments";
import { setSimulatorMode } from "@/lib/lightning/simulator/settings";
import { DEMO_WALLET, NODE_WALLET, walletBalance } from "@/lib/lightning/simulator/wallets";
import type { PayRequest } from "@/lib/lightning/types";
import { TestWallet } from "../support/test-wallet";

const network = env().lightning.network;
const node = simulatorBackend(network);
const outside = new TestWallet(network);

function payRequest(invoice: string, overrides: Partial<PayRequest> = {}): PayRequest {
  const decoded = decodeInvoice(invoice);
  return { invoice, paymentHash: decoded.paymentHash, amountMsat: decoded.amountMsat ?? 0n, feeLimitMsat: 100_000n, timeoutSeconds: 5, ...overrides };
}

/** The simulated network's routing fee: 1 sat + 100 ppm. */
const routingFee = (amountMsat: bigint) => 1000n + (amountMsat * 100n) / 1_000_000n;

const rowsOf = (paymentHash: string) => db().simPayment.findMany({ where: { paymentHash } });

afterEach(() => setSimulatorMode({ mode: "normal" }));

describe("paying an outside invoice", () => {
  it("pays once, debits amount + routing fee, and answers a repeat and a lookup with the same outcome", async () => {
    const before = await walletBalance(NODE_WALLET);
    const request = payRequest(outside.invoice(2_345_000n));
    const outcome = await node.payInvoice(request);
    expect(outcome).toEqual({ status: "succeeded", preimage: null, feeMsat: routingFee(2_345_000n) });
    expect(await walletBalance(NODE_WALLET)).toBe(before - 2_345_000n - routingFee(2_345_000n));

    expect(await node.payInvoice(request)).toEqual(outcome);
    expect(await node.lookupPayment(request.paymentHash)).toEqual(outcome);
    expect(await walletBalance(NODE_WALLET)).toBe(before - 2_345_000n - routingFee(2_345_000n));
    expect(await rowsOf(request.paymentHash)).toEqual([expect.objectContaining({ status: "succeeded", amountMsat: 2_345_000n, feeMsat: routingFee(2_345_000n) })]);
  });

  it("never spends more on fees than the payer's limit", async () => {
    const request = payRequest(outside.invoice(5_000_000n), { feeLimitMsat: 700n });
    expect(await node.payInvoice(request)).toEqual({ status: "succeeded", preimage: null, feeMsat: 700n });
  });

  it("pays the request's amount when the invoice names none", async () => {
    const before = await walletBalance(NODE_WALLET);
    const request = payRequest(outside.invoice(null), { amountMsat: 4_000_000n });
    expect(await node.payInvoice(request)).toMatchObject({ status: "succeeded", feeMsat: routingFee(4_000_000n) });
    expect(await walletBalance(NODE_WALLET)).toBe(before - 4_000_000n - routingFee(4_000_000n));
  });

  it("refuses an invoice of another network, or text that is no invoice, and records nothing", async () => {
    const mainnet = payRequest(new TestWallet("bitcoin").invoice(1_000_000n));
    expect(await node.payInvoice(mainnet)).toEqual({ status: "failed", reason: `The invoice is not for ${network}.` });
    expect(await node.payInvoice({ ...mainnet, invoice: "not an invoice" })).toMatchObject({ status: "failed" });
    expect(await rowsOf(mainnet.paymentHash)).toEqual([]);
  });

  it("fails a payment the node's liquidity cannot cover, and moves nothing", async () => {
    const before = await walletBalance(NODE_WALLET);
    const request = payRequest(outside.invoice(before + 1n));
    expect(await node.payInvoice(request)).toEqual({ status: "failed", reason: "Insufficient liquidity to route the payment." });
    expect(await walletBalance(NODE_WALLET)).toBe(before);
    expect(await rowsOf(request.paymentHash)).toEqual([expect.objectContaining({ status: "failed" })]);
    // The failure is final: asking again does not try again.
    expect(await node.payInvoice(request)).toEqual({ status: "failed", reason: "Insufficient liquidity to route the payment." });
  });
});

describe("exactly once", () => {
  it("many concurrent calls for one payment hash make one payment and one debit", async () => {
    const before = await walletBalance(NODE_WALLET);
    const request = payRequest(outside.invoice(3_000_000n));
    const outcomes = await Promise.all(Array.from({ length: 25 }, () => node.payInvoice(request)));
    const paid = { status: "succeeded", preimage: null, feeMsat: routingFee(3_000_000n) };
    // A call that lost the insert reports what it finds: the payment done, or still being made.
    for (const outcome of outcomes) expect([paid, { status: "in_flight" }]).toContainEqual(outcome);
    expect(outcomes).toContainEqual(paid);
    expect(await node.lookupPayment(request.paymentHash)).toEqual(paid);
    expect(await rowsOf(request.paymentHash)).toHaveLength(1);
    expect(await walletBalance(NODE_WALLET)).toBe(before - 3_000_000n - routingFee(3_000_000n));
  });

  it("many concurrent lookups finishing one pending payment settle it once", async () => {
    const before = await walletBalance(NODE_WALLET);
    await setSimulatorMode({ mode: "hang" });
    const request = payRequest(outside.invoice(6_000_000n), { timeoutSeconds: 1 });
    expect(await node.payInvoice(request)).toEqual({ status: "in_flight" });
    await setSimulatorMode({ mode: "normal" });
    const paid = { status: "succeeded", preimage: null, feeMsat: routingFee(6_000_000n) };
    expect(await Promise.all(Array.from({ length: 20 }, () => node.lookupPayment(request.paymentHash)))).toEqual(Array(20).fill(paid));
    expect(await walletBalance(NODE_WALLET)).toBe(before - 6_000_000n - routingFee(6_000_000n));
  });

  it("an internal payment raced by many calls credits the other wallet once", async () => {
    const [nodeBefore, demoBefore] = [await walletBalance(NODE_WALLET), await walletBalance(DEMO_WALLET)];
    const invoice = await createWalletInvoice(DEMO_WALLET, { amountMsat: 1_500_000n, description: "race", expirySeconds: 600 }, network);
    const request = payRequest(invoice.invoice);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => node.payInvoice(request)));
    const paid = outcomes.find((o) => o.status === "succeeded");
    expect(paid).toBeDefined();
    for (const outcome of outcomes) expect([paid, { status: "in_flight" }]).toContainEqual(outcome);
    expect(await walletBalance(NODE_WALLET)).toBe(nodeBefore - 1_500_000n);
    expect(await walletBalance(DEMO_WALLET)).toBe(demoBefore + 1_500_000n);
  });
  it("payments in both directions between the two wallets at once all go through (no deadlock), each once", async () => {
    const [nodeBefore, demoBefore] = [await walletBalance(NODE_WALLET), await walletBalance(DEMO_WALLET)];
    const make = (wallet: typeof NODE_WALLET | typeof DEMO_WALLET, i: number) =>
      createWalletInvoice(wallet, { amountMsat: 1_000n * BigInt(i + 1), description: `both ways ${i}`, expirySeconds: 600 }, network);
    const toDemo = await Promise.all(Array.from({ length: 15 }, (_, i) => make(DEMO_WALLET, i)));
    const toNode = await Promise.all(Array.from({ length: 15 }, (_, i) => make(NODE_WALLET, i)));
    const outcomes = await Promise.all([
      ...toDemo.map((invoice) => payFromWallet(NODE_WALLET, payRequest(invoice.invoice), network)),
      ...toNode.map((invoice) => payFromWallet(DEMO_WALLET, payRequest(invoice.invoice), network)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(Array(30).fill("succeeded"));
    // Equal amounts went each way.
    expect(await walletBalance(NODE_WALLET)).toBe(nodeBefore);
    expect(await walletBalance(DEMO_WALLET)).toBe(demoBefore);
  });
});

describe("paying one of the simulator's own invoices", () => {
  it("moves the amount to the other wallet, with the invoice's true preimage and no fee", async () => {
    const [nodeBefore, demoBefore] = [await walletBalance(NODE_WALLET), await walletBalance(DEMO_WALLET)];
    const invoice = await createWalletInvoice(DEMO_WALLET, { amountMsat: 2_000_000n, description: "refund", expirySeconds: 600 }, network);
    const request = payRequest(invoice.invoice);
    const outcome = await node.payInvoice(request);
    expect(outcome).toMatchObject({ status: "succeeded", feeMsat: 0n });
    if (outcome.status !== "succeeded") return;
    expect(createHash("sha256").update(Buffer.from(outcome.preimage!, "hex")).digest("hex")).toBe(invoice.paymentHash);
    expect(await walletBalance(NODE_WALLET)).toBe(nodeBefore - 2_000_000n);
    expect(await walletBalance(DEMO_WALLET)).toBe(demoBefore + 2_000_000n);
    expect(await node.lookupInvoice(invoice.paymentHash)).toEqual({ settled: true, amountMsat: 2_000_000n, receivedMsat: 2_000_000n });
    expect(await node.payInvoice(request)).toEqual(outcome);
    expect(await walletBalance(DEMO_WALLET)).toBe(demoBefore + 2_000_000n);
  });

  it("refuses a wallet's own invoice, an expired one and one the payer cannot cover, moving nothing", async () => {
    const [nodeBefore, demoBefore] = [await walletBalance(NODE_WALLET), await walletBalance(DEMO_WALLET)];
    const own = await node.createInvoice({ amountMsat: 1_000_000n, description: "own", expirySeconds: 600 });
    expect(await node.payInvoice(payRequest(own.invoice))).toEqual({ status: "failed", reason: "A wallet cannot pay its own invoice." });

    const late = await createWalletInvoice(DEMO_WALLET, { amountMsat: 1_000_000n, description: "late", expirySeconds: 600 }, network);
    await db().simInvoice.update({ where: { paymentHash: late.paymentHash }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await node.payInvoice(payRequest(late.invoice))).toEqual({ status: "failed", reason: "The invoice has expired." });

    const big = await node.createInvoice({ amountMsat: demoBefore + 1n, description: "too much", expirySeconds: 600 });
    const demoPays = await payFromWallet(DEMO_WALLET, payRequest(big.invoice), network);
    expect(demoPays).toEqual({ status: "failed", reason: "Insufficient funds in the paying wallet." });

    expect(await walletBalance(NODE_WALLET)).toBe(nodeBefore);
    expect(await walletBalance(DEMO_WALLET)).toBe(demoBefore);
    expect(await node.lookupInvoice(big.paymentHash)).toEqual({ settled: false, amountMsat: demoBefore + 1n, receivedMsat: 0n });
  });

  it("refuses an invoice of another payee, or for another amount, that carries one of its payment hashes", async () => {
    const [nodeBefore, demoBefore] = [await walletBalance(NODE_WALLET), await walletBalance(DEMO_WALLET)];
    const issued = await createWalletInvoice(DEMO_WALLET, { amountMsat: 3_000_000n, description: "issued", expirySeconds: 600 }, network);
    const refused = { status: "failed", reason: "The invoice is not the one this node issued for its payment hash." };
    // Signed by another key for 1 sat, and for the very same amount: neither is the invoice the node issued.
    for (const amountMsat of [1_000n, 3_000_000n]) {
      const forged = outside.invoice(amountMsat, { paymentHash: issued.paymentHash, description: "issued" });
      expect(await node.payInvoice(payRequest(forged))).toEqual(refused);
      // Refused before anything is recorded: the true invoice can still be paid from the same wallet.
      expect(await rowsOf(issued.paymentHash)).toEqual([]);
    }
    expect(await walletBalance(NODE_WALLET)).toBe(nodeBefore);
    expect(await walletBalance(DEMO_WALLET)).toBe(demoBefore);
    expect(await db().simInvoice.findUniqueOrThrow({ where: { paymentHash: issued.paymentHash } })).toMatchObject({ settled: false, receivedMsat: null });

    // The issued invoice itself still pays, and records what was paid.
    expect(await node.payInvoice(payRequest(issued.invoice))).toMatchObject({ status: "succeeded", feeMsat: 0n });
    expect(await db().simInvoice.findUniqueOrThrow({ where: { paymentHash: issued.paymentHash } })).toMatchObject({ settled: true, receivedMsat: 3_000_000n });
  });

  it("an amountless invoice of its own: records the amount paid as received; refuses to pay it nothing", async () => {
    const open = await createWalletInvoice(NODE_WALLET, { amountMsat: null, description: "any amount", expirySeconds: 600 }, network);
    const demoBefore = await walletBalance(DEMO_WALLET);
    expect(await payFromWallet(DEMO_WALLET, payRequest(open.invoice, { amountMsat: 0n }), network)).toEqual({
      status: "failed",
      reason: "The amount paid must be more than zero.",
    });
    expect(await node.lookupInvoice(open.paymentHash)).toEqual({ settled: false, amountMsat: null, receivedMsat: 0n });

    const other = await createWalletInvoice(NODE_WALLET, { amountMsat: null, description: "any amount", expirySeconds: 600 }, network);
    expect(await payFromWallet(DEMO_WALLET, payRequest(other.invoice, { amountMsat: 4_321n }), network)).toMatchObject({ status: "succeeded" });
    expect(await node.lookupInvoice(other.paymentHash)).toEqual({ settled: true, amountMsat: null, receivedMsat: 4_321n });
    expect(await walletBalance(DEMO_WALLET)).toBe(demoBefore - 4_321n);
  });
});

describe("modes", () => {
  it("fail: the payment fails at once, nothing moves, and the next payment after the switch back succeeds", async () => {
    const before = await walletBalance(NODE_WALLET);
    await setSimulatorMode({ mode: "fail" });
    const request = payRequest(outside.invoice(1_000_000n));
    expect(await node.payInvoice(request)).toEqual({ status: "failed", reason: "Simulated failure: no route to the destination." });
    expect(await node.lookupPayment(request.paymentHash)).toEqual({ status: "failed", reason: "Simulated failure: no route to the destination." });
    expect(await walletBalance(NODE_WALLET)).toBe(before);
    // The switch is read with every payment, never remembered.
    await setSimulatorMode({ mode: "normal" });
    expect(await node.payInvoice(payRequest(outside.invoice(1_000_000n)))).toMatchObject({ status: "succeeded" });
  });

  it("hang: the call gives up at its timeout, the payment stays pending until the simulator lets it finish", async () => {
    const before = await walletBalance(NODE_WALLET);
    await setSimulatorMode({ mode: "hang" });
    const request = payRequest(outside.invoice(1_000_000n), { timeoutSeconds: 1 });
    const started = Date.now();
    const paying = node.payInvoice(request);
    await vi.waitFor(async () => expect(await rowsOf(request.paymentHash)).toHaveLength(1));
    expect(isPaying(NODE_WALLET, request.paymentHash)).toBe(true);
    expect(await node.lookupPayment(request.paymentHash)).toEqual({ status: "in_flight" });
    expect(await paying).toEqual({ status: "in_flight" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(isPaying(NODE_WALLET, request.paymentHash)).toBe(false);
    // Still hanging: a lookup leaves it pending.
    expect(await node.lookupPayment(request.paymentHash)).toEqual({ status: "in_flight" });
    expect(await walletBalance(NODE_WALLET)).toBe(before);

    await setSimulatorMode({ mode: "normal" });
    expect(await node.lookupPayment(request.paymentHash)).toEqual({ status: "succeeded", preimage: null, feeMsat: routingFee(1_000_000n) });
    expect(await walletBalance(NODE_WALLET)).toBe(before - 1_000_000n - routingFee(1_000_000n));
  });

  it("slow: the payment succeeds after the delay (never past the call's timeout), pending meanwhile", async () => {
    await setSimulatorMode({ mode: "slow", delayMs: 400 });
    const request = payRequest(outside.invoice(1_000_000n));
    const started = Date.now();
    const paying = node.payInvoice(request);
    await vi.waitFor(async () => expect(await rowsOf(request.paymentHash)).toHaveLength(1));
    // This process is paying it: a lookup (the reconciler) leaves it to the call.
    expect(await node.lookupPayment(request.paymentHash)).toEqual({ status: "in_flight" });
    expect(await paying).toEqual({ status: "succeeded", preimage: null, feeMsat: routingFee(1_000_000n) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});

describe("cost", () => {
  it("a payment is two statements (record it, settle it); a lookup of a finished one is one", async () => {
    await node.payInvoice(payRequest(outside.invoice(1_000_000n))); // wallets made sure of, once per database
    const statements = vi.spyOn(pool(), "query");
    try {
      const request = payRequest(outside.invoice(1_000_000n));
      expect(await node.payInvoice(request)).toMatchObject({ status: "succeeded" });
      expect(statements).toHaveBeenCalledTimes(2);
      statements.mockClear();
      expect(await node.lookupPayment(request.paymentHash)).toMatchObject({ status: "succeeded" });
      expect(statements).toHaveBeenCalledTimes(1);
    } finally {
      statements.mockRestore();
    }
  });
});
