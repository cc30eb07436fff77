// The claim page's "paste an invoice": the same checks and the same exactly-once claim as the LNURL
// callback (pull-withdraw.ts), so a wallet scanning the QR and a pasted invoice cannot both be paid.
import { findWithdrawBySecret } from "../withdraws/find-by-secret";
import { pullWithdraw } from "../withdraws/pull-withdraw";

export async function claimWithInvoice(secret: string, invoice: string, now: Date = new Date()): Promise<void> {
  const withdraw = await findWithdrawBySecret(secret);
  await pullWithdraw({ secret, k1: withdraw.k1, pr: invoice }, now);
}
