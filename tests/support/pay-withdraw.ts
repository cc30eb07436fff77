// Paying a withdraw as a customer's wallet does, through the real code: the LNURL callback's pull (the
// claim, then the payments engine paying the simulator node), settled into the ledger before it returns.
import { vi } from "vitest";
import { db } from "@/lib/db";
import { paymentsSettled } from "@/lib/payments/engine";
import { linksOf } from "./withdraw-links";
import { pullWithdraw } from "@/lib/withdraws/pull-withdraw";
import { TestWallet } from "./test-wallet";

const wallet = new TestWallet("regtest");

/**
 * Pays `amountMsat` of the merchant's withdraw with this process's clock stopped at `at` (only `Date` is
 * faked; timers and I/O run as usual), so the claim, the wallet's invoice and the settlement are all of that
 * instant: a payment of a past day is made, not written into the tables.
 */
export async function payWithdrawAt(merchantId: string, withdrawId: string, amountMsat: bigint, at: Date): Promise<void> {
  const { k1 } = await db().withdraw.findFirstOrThrow({ where: { id: withdrawId, merchantId }, select: { k1: true } });
  const { secret } = await linksOf(withdrawId);
  vi.useFakeTimers({ toFake: ["Date"], now: at });
  try {
    await pullWithdraw({ secret, k1, pr: wallet.invoice(amountMsat) });
    await paymentsSettled();
  } finally {
    vi.useRealTimers();
  }
}
