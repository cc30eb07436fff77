// Issue 26: the simulator paid a forged invoice of its own hash. Anyone can sign an invoice with any key and
// copy a payment hash into it; the simulator took every invoice carrying a hash it had issued for its own
// invoice. A 1-sat invoice signed by an attacker's key, carrying the hash of a 1,000,000-sat deposit invoice,
// paid from the demo wallet, settled the deposit's invoice and credited the merchant 1,000,000 sats; paid as
// a payout, it settled a demo-wallet invoice of 500,000 sats for 1 sat. Now only the very invoice the
// simulator issued settles its invoice, and a deposit is credited what the node received, never less than
// its amount.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { checkReceived } from "@/lib/demo-wallet/check-received";
import { payInvoice } from "@/lib/demo-wallet/pay-invoice";
import { receiveInvoice } from "@/lib/demo-wallet/receive-invoice";
import { depositObjectSchema } from "@/lib/deposits/serialize-deposit";
import { settleDeposits } from "@/lib/deposits/settle-deposits";
import { lightning } from "@/lib/lightning/backend";
import { walletBalance } from "@/lib/lightning/simulator/wallets";
import { paymentsSettled } from "@/lib/payments/engine";
import { payoutObjectSchema } from "@/lib/payouts/serialize-payout";
import { api, createTestMerchant } from "../support/merchants";
import { ROUTES } from "../support/routes";
import { serveRoutes } from "../support/serve-routes";
import { TestWallet } from "../support/test-wallet";

let routes: Awaited<ReturnType<typeof serveRoutes>>;
// The attacker: a node key of their own, nothing else.
const attacker = new TestWallet("regtest");

beforeAll(async () => {
  routes = await serveRoutes(ROUTES);
});
afterAll(() => routes.close());

describe("a forged invoice carrying a payment hash the simulator issued", () => {
  it("paid from the demo wallet, neither settles the deposit's invoice nor credits the deposit", async () => {
    const merchant = await createTestMerchant();
    const client = api(routes.url, merchant.key);
    const created = await client.post("/api/v1/deposits", { amount: "1000000", currency: "SATS" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const deposit = depositObjectSchema.parse(created.body);
    expect(deposit.target_amount_msat).toBe("1000000000");

    const forged = attacker.invoice(1_000n, { paymentHash: deposit.payment_hash, description: "Deposit to Test Shop (Sluice)" });
    const demoBefore = await walletBalance("demo");
    const paid = await payInvoice(forged);

    // The deposit page's poll (and the API's retrieve) asks the node, then the background job does.
    const read = depositObjectSchema.parse((await client.get(`/api/v1/deposits/${deposit.id}`)).body);
    await settleDeposits();
    expect((await client.get("/api/v1/balance")).body.available_msat).toBe("0");
    expect(read.status).toBe("pending");
    expect(await db().ledgerEntry.count({ where: { merchantId: merchant.merchantId } })).toBe(0);
    expect(paid).toMatchObject({ status: "failed", reason: "The invoice is not the one this node issued for its payment hash." });
    expect(await walletBalance("demo")).toBe(demoBefore);
    expect(await lightning().lookupInvoice(deposit.payment_hash)).toEqual({ settled: false, amountMsat: 1_000_000_000n, receivedMsat: 0n });

    // The true invoice still pays, and credits what the node received: the deposit's amount.
    expect(await payInvoice(deposit.invoice)).toMatchObject({ status: "succeeded", feeMsat: 0n });
    expect(depositObjectSchema.parse((await client.get(`/api/v1/deposits/${deposit.id}`)).body).status).toBe("paid");
    expect((await client.get("/api/v1/balance")).body.available_msat).toBe("1000000000");
    expect(await lightning().lookupInvoice(deposit.payment_hash)).toEqual({ settled: true, amountMsat: 1_000_000_000n, receivedMsat: 1_000_000_000n });
  });

  it("paid as a payout, does not settle the demo wallet's invoice of that hash", async () => {
    const merchant = await createTestMerchant(10_000n);
    const client = api(routes.url, merchant.key);
    const receiving = await receiveInvoice({ sats: 500_000n, description: "top up" });
    const forged = attacker.invoice(1_000n, { paymentHash: receiving.paymentHash });
    const demoBefore = await walletBalance("demo");

    const created = await client.post("/api/v1/payouts", { ln_invoice: forged });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await paymentsSettled();

    expect(await checkReceived(receiving.paymentHash)).toEqual({ settled: false, amountMsat: 500_000_000n });
    expect(await walletBalance("demo")).toBe(demoBefore);
    const payout = payoutObjectSchema.parse((await client.get(`/api/v1/payouts/${payoutObjectSchema.parse(created.body).id}`)).body);
    expect(payout.status).toBe("failed");
    expect((await client.get("/api/v1/balance")).body.available_msat).toBe("10000000");
  });
});
