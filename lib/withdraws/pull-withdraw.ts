// A customer pulls a withdraw with an invoice: the LNURL callback's claim, then the payment through the one
// payments engine. The LNURL callback and the claim page both come here, so a wallet and a pasted invoice
// race for the same exactly-once claim.
import { startPayment } from "../payments/engine";
import { claimWithdraw } from "./claim-withdraw";
import { WITHDRAW_PAYMENT } from "./withdraw-payment";

export async function pullWithdraw(input: { secret: string; k1: string; pr: string }, now: Date = new Date()): Promise<{ paymentId: string; fresh: boolean }> {
  const claim = await claimWithdraw(input, now);
  // The caller answers at once; the payment runs on (and the reconciler covers a crash meanwhile).
  if (claim.fresh) void startPayment(WITHDRAW_PAYMENT, claim.paymentId, claim.payment);
  return { paymentId: claim.paymentId, fresh: claim.fresh };
}
