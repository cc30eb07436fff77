// Credits paid deposits: asks the node about pending deposit invoices and credits each paid one exactly once
// (conditional update pending → paid, and the credit, in one transaction). Safe in every instance at once.
import { db } from "../db";
import { applyLedgerEntry } from "../ledger/apply-ledger-entry";
import { lightning } from "../lightning/backend";

const BATCH = 100;

export type DepositReport = { credited: number; expired: number };

export async function settleDeposits(now: Date = new Date()): Promise<DepositReport> {
  const report: DepositReport = { credited: 0, expired: 0 };
  const pending = await db().deposit.findMany({
    where: { status: "pending" },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: { id: true, merchantId: true, paymentHash: true, amountMsat: true, expiresAt: true },
  });
  for (const deposit of pending) {
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
      if (credited) report.credited++;
    } else if (deposit.expiresAt.getTime() <= now.getTime()) {
      const expired = await db().deposit.updateMany({ where: { id: deposit.id, status: "pending" }, data: { status: "expired" } });
      report.expired += expired.count;
    }
  }
  return report;
}
