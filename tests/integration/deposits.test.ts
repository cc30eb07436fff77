// Deposits on the simulated node: a real invoice of the node, paid by the simulator's demo customer wallet,
// credits the merchant's balance exactly once.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeInvoice } from "@/lib/bolt11";
import { db } from "@/lib/db";
import { createDeposit } from "@/lib/deposits/create-deposit";
import { settleDeposits } from "@/lib/deposits/settle-deposits";
import { getBalance } from "@/lib/ledger/get-balance";
import { lightning } from "@/lib/lightning/backend";
import { payFromDemoWallet } from "@/lib/lightning/simulator/demo-wallet";
import { walletBalance } from "@/lib/lightning/simulator/wallets";
import { ValidationError } from "@/lib/validation";
import { createTestMerchant } from "../support/merchants";

describe("deposits", () => {
  it("credits a paid deposit invoice once, with the true preimage revealed to the payer", async () => {
    const { merchantId } = await createTestMerchant();
    const deposit = await createDeposit({ merchantId, sats: 25_000n });
    const invoice = decodeInvoice(deposit.invoice);
    expect(invoice).toMatchObject({ network: "regtest", amountMsat: 25_000_000n, payeePubkey: (await lightning().getInfo()).pubkey });
    expect(invoice.description).toBe("Deposit to Test Shop (Sluice)");

    expect(await settleDeposits()).toEqual({ credited: 0, expired: 0 });
    expect(await getBalance(merchantId)).toEqual({ availableMsat: 0n, reservedMsat: 0n });

    const demoBefore = await walletBalance("demo");
    const paid = await payFromDemoWallet(deposit.invoice);
    expect(paid.status).toBe("succeeded");
    if (paid.status !== "succeeded") return;
    expect(createHash("sha256").update(Buffer.from(paid.preimage!, "hex")).digest("hex")).toBe(invoice.paymentHash);
    expect(paid.feeMsat).toBe(0n);

    expect(await settleDeposits()).toEqual({ credited: 1, expired: 0 });
    expect(await settleDeposits()).toEqual({ credited: 0, expired: 0 });
    expect(await getBalance(merchantId)).toEqual({ availableMsat: 25_000_000n, reservedMsat: 0n });
    const credit = await db().ledgerEntry.findFirstOrThrow({ where: { merchantId, depositId: deposit.id } });
    expect(credit).toMatchObject({ kind: "credit", availableDeltaMsat: 25_000_000n, availableAfterMsat: 25_000_000n });

    // Paying the same invoice again is answered with the first outcome: nothing moves twice.
    expect(await payFromDemoWallet(deposit.invoice)).toEqual(paid);
    expect(await walletBalance("demo")).toBe(demoBefore - 25_000_000n);
    expect(await settleDeposits()).toEqual({ credited: 0, expired: 0 });
    expect(await getBalance(merchantId)).toEqual({ availableMsat: 25_000_000n, reservedMsat: 0n });
  });

  it("expires an unpaid deposit, after which its invoice cannot be paid", async () => {
    const { merchantId } = await createTestMerchant();
    const deposit = await createDeposit({ merchantId, sats: 1_000n });
    await db().deposit.update({ where: { id: deposit.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await db().simInvoice.update({ where: { paymentHash: deposit.paymentHash }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await settleDeposits()).toMatchObject({ expired: 1 });
    expect(await payFromDemoWallet(deposit.invoice)).toEqual({ status: "failed", reason: "The invoice has expired." });
    expect(await getBalance(merchantId)).toEqual({ availableMsat: 0n, reservedMsat: 0n });
  });

  it.each([0n, -5n, 10_000_000_001n])("refuses a deposit of %s sats", async (sats) => {
    const { merchantId } = await createTestMerchant();
    await expect(createDeposit({ merchantId, sats })).rejects.toBeInstanceOf(ValidationError);
    expect(await db().deposit.count({ where: { merchantId } })).toBe(0);
  });
});
