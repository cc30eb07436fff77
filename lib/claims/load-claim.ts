// What the customer's claim page shows. The page's address carries the withdraw's secret (the same
// capability as its LNURL), so whoever opens it may see the withdraw and take it, and nothing else: no ids
// of other objects, no merchant data beyond the name.
import { pool } from "../db";
import { isLnurlRefusal } from "../lnurl/refusal";
import { findWithdrawBySecret } from "../withdraws/find-by-secret";
import { lnurlWithdrawUrl } from "../withdraws/links";
import { encodeLnurl } from "../lnurl/codec";
import { loadWithdraw } from "../withdraws/load-withdraw";
import { effectiveStatus, type WithdrawStatus } from "../withdraws/serialize-withdraw";
import { Decimal, formatDecimal } from "../money";

export type ClaimReceipt = { paidAt: Date; amountMsat: bigint; paymentHash: string; preimage: string | null };

export type ClaimView = {
  merchantName: string;
  status: WithdrawStatus;
  livemode: boolean;
  amount: string;
  currency: string;
  targetMsat: bigint;
  /** Equal to targetMsat unless the withdraw offers a range. */
  minMsat: bigint;
  descriptor: string | null;
  expiresAt: Date;
  /** The LNURL (bech32, upper case for QR codes) and its lightning: form, for a wallet that speaks LNURL-withdraw. */
  lnurl: string;
  receipt: ClaimReceipt | null;
};

/** The claim page's view of the withdraw a secret opens, or null when the secret opens none. */
export async function loadClaim(secret: string, now: Date = new Date()): Promise<ClaimView | null> {
  let found;
  try {
    found = await findWithdrawBySecret(secret);
  } catch (error) {
    if (isLnurlRefusal(error)) return null;
    throw error;
  }
  const row = await loadWithdraw(pool(), found.merchantId, found.id);
  if (!row) return null;
  const paid = row.status === "paid" && row.payment?.status === "succeeded";
  return {
    merchantName: found.merchant.name,
    status: effectiveStatus(row, now),
    livemode: row.livemode,
    amount: formatDecimal(new Decimal(row.amount.toString())),
    currency: row.currency,
    targetMsat: found.targetAmountMsat,
    minMsat: found.minTargetAmountMsat,
    descriptor: row.statementDescriptor,
    expiresAt: row.expiresAt,
    lnurl: encodeLnurl(lnurlWithdrawUrl(secret)),
    receipt:
      paid && row.payment && row.paidAt
        ? { paidAt: row.paidAt, amountMsat: row.paidAmountMsat ?? found.targetAmountMsat, paymentHash: row.payment.paymentHash, preimage: row.payment.preimage }
        : null,
  };
}
