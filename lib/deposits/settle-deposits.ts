// Credits paid deposits: asks the node about open deposit invoices and settles each (see settle-deposit.ts,
// which the deposit page's polling shares). Safe in every instance at once.
import { db } from "../db";
import { openDepositsWhere, pendingDepositSelect, settlePendingDeposit } from "./settle-deposit";

const BATCH = 100;

export type DepositReport = { credited: number; expired: number };

export async function settleDeposits(now: Date = new Date()): Promise<DepositReport> {
  const report: DepositReport = { credited: 0, expired: 0 };
  const pending = await db().deposit.findMany({
    where: openDepositsWhere(now),
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: pendingDepositSelect,
  });
  for (const deposit of pending) {
    const settlement = await settlePendingDeposit(deposit, now);
    if (settlement === "credited") report.credited++;
    if (settlement === "expired") report.expired++;
  }
  return report;
}
