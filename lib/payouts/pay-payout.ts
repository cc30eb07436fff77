// Handing a payout to the Lightning node. The payout moves `pending` → `processing` in one conditional
// update before the node is asked, so however many processes try, exactly one sends it, and a payout the
// reconciler has given up on can no longer be sent. An exception or a timeout is an unknown outcome: the
// payout stays `processing` until the reconciler learns the result from the node.
import { db } from "../db";
import { lightning } from "../lightning/backend";
import { paymentTimeoutSeconds } from "../withdraws/rules";
import { applyPayoutOutcome, type PayoutResolution } from "./apply-payout-outcome";

const paying = new Map<string, Promise<PayoutResolution>>();

/** Ids of the payouts this process is paying right now (the reconciler leaves them to it). */
export function payoutsBeingPaid(): string[] {
  return [...paying.keys()];
}

async function pay(payoutId: string): Promise<PayoutResolution> {
  try {
    const now = new Date();
    const claimed = await db().payout.updateMany({ where: { id: payoutId, status: "pending" }, data: { status: "processing", sentAt: now, updatedAt: now } });
    const payout = await db().payout.findUniqueOrThrow({ where: { id: payoutId } });
    if (claimed.count !== 1) return payout.status === "paid" || payout.status === "failed" ? payout.status : "pending";
    const outcome = await lightning().payInvoice({
      invoice: payout.invoice,
      paymentHash: payout.paymentHash,
      amountMsat: payout.amountMsat,
      feeLimitMsat: payout.feeLimitMsat,
      timeoutSeconds: paymentTimeoutSeconds(),
    });
    return await applyPayoutOutcome(payoutId, outcome);
  } catch (error) {
    console.error(`[payouts] ${payoutId}: outcome unknown, left for reconciliation: ${(error as Error).message}`);
    return "pending";
  }
}

/** Starts paying in the background (once per payout per process) and returns the running attempt. */
export function startPayout(payoutId: string): Promise<PayoutResolution> {
  const running = paying.get(payoutId);
  if (running) return running;
  const attempt = pay(payoutId).finally(() => paying.delete(payoutId));
  paying.set(payoutId, attempt);
  return attempt;
}

/** Waits for every payout this process has started (tests, graceful shutdown). */
export async function payoutsSettled(): Promise<void> {
  while (paying.size > 0) await Promise.allSettled([...paying.values()]);
}
