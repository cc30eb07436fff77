// Settling one pending deposit: ask the node about its invoice; credit it if paid (a conditional update
// pending → paid and the ledger credit in one transaction, so it is credited exactly once however many
// instances and pollers race), or mark it expired once its invoice has expired. The background job and the
// deposit page's polling both come through here.
import { db } from "../db";
import { applyLedgerEntry } from "../ledger/apply-ledger-entry";
import { lightning } from "../lightning/backend";

export type PendingDeposit = { id: string; merchantId: string; paymentHash: string; amountMsat: bigint; expiresAt: Date };

export type Settlement = "credited" | "expired" | "pending" | "already_settled";

export const pendingDepositSelect = { id: true, merchantId: true, paymentHash: true, amountMsat: true, expiresAt: true } as const;

export async function settlePendingDeposit(deposit: PendingDeposit, now: Date = new Date()): Promise<Settlement> {
  const invoice = await lightning().lookupInvoice(deposit.paymentHash);
  if (invoice?.settled) {
    const credited = await db().$transaction(async (tx) => {
      const claimed = await tx.deposit.updateMany({ where: { id: deposit.id, status: "pending" }, data: { status: "paid", paidAt: now } });
      if (claimed.count !== 1) return false;
      await applyLedgerEntry(tx, {
        merchantId: deposit.merchantId,
        kind: "credit",
        availableDeltaMsat: deposit.amountMsat,
        reservedDeltaMsat: 0n,
        depositId: deposit.id,
        note: "Lightning deposit",
      });
      return true;
    });
    return credited ? "credited" : "already_settled";
  }
  if (deposit.expiresAt.getTime() <= now.getTime()) {
    const expired = await db().deposit.updateMany({ where: { id: deposit.id, status: "pending" }, data: { status: "expired" } });
    return expired.count === 1 ? "expired" : "already_settled";
  }
  return "pending";
}

/** Settles one deposit of one merchant now, if it is still pending (the deposit page polls this). */
export async function settleDeposit(merchantId: string, depositId: string, now: Date = new Date()): Promise<Settlement> {
  const deposit = await db().deposit.findFirst({ where: { id: depositId, merchantId, status: "pending" }, select: pendingDepositSelect });
  return deposit ? settlePendingDeposit(deposit, now) : "already_settled";
}
