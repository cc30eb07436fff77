// LNURL-withdraw callback (LUD-03): check the invoice, then claim the withdraw with one conditional UPDATE
// (`unpaid` and not expired → `processing`). However many callbacks race, from however many instances,
// exactly one claim wins; the same invoice sent again for the winning claim is answered OK again. The invoice
// may be for any amount in the withdraw's range (millisats included, as LUD-03 ranges are in msat); the
// payment is for the invoice's amount, and settling releases the rest of the reservation.
import { checkInvoice as checkBolt11Invoice, decodeInvoice, isInvoiceError, type DecodedInvoice } from "../bolt11";
import { prepared, queryOne, sql } from "../database/sql";
import { isUniqueViolation } from "../database/unique-violation";
import { env } from "../env";
import { newId } from "../ids";
import { lnurlRefusal } from "../lnurl/refusal";
import { displaySats } from "../money";
import type { PaymentToSend } from "../payments/engine";
import { assertPullable, findWithdrawBySecret, k1Matches, type SecretWithdraw } from "./find-by-secret";
import { assertNodeReachable } from "./node-reachable";
import { invoiceSafetyMarginSeconds } from "../payments/timing";

/** A fresh claim carries its payment, taken for sending (the engine pays it without reading it again). */
export type Claim = { paymentId: string; fresh: true; payment: PaymentToSend } | { paymentId: string; fresh: false };

/** What the withdraw pays, for a refusal: "exactly 5,000 sats" or "between 1,000 and 5,000 sats". */
function offered(row: SecretWithdraw, exactly = "exactly "): string {
  const max = displaySats(row.targetAmountMsat);
  return row.minTargetAmountMsat === row.targetAmountMsat ? `${exactly}${max} sats` : `between ${displaySats(row.minTargetAmountMsat)} and ${max} sats`;
}

function checkInvoice(pr: string, row: SecretWithdraw, now: Date): DecodedInvoice {
  try {
    return checkBolt11Invoice(pr, {
      network: env().lightning.network,
      amount: { minMsat: row.minTargetAmountMsat, maxMsat: row.targetAmountMsat },
      now,
      minRemainingSeconds: invoiceSafetyMarginSeconds(),
    });
  } catch (error) {
    if (!isInvoiceError(error)) throw error;
    // The customer chooses the amount in the wallet: say what it chose and what it may choose.
    if (error.code === "amount_missing") throw lnurlRefusal(`The invoice has no amount; create one for ${offered(row, "")}.`);
    if (error.code === "amount_out_of_range" || error.code === "amount_mismatch") {
      const amount = decodeInvoice(pr.trim().replace(/^lightning:/i, "")).amountMsat ?? 0n;
      throw lnurlRefusal(`The invoice is for ${displaySats(amount)} sats; this withdraw pays ${offered(row)}.`);
    }
    throw lnurlRefusal(error.message);
  }
}

// The winning claim's own invoice, sent again (a wallet retrying), is answered OK without paying twice.
async function repeatedClaim(withdrawId: string, paymentHash: string): Promise<Claim | null> {
  const payment = await queryOne<{ id: string; withdraw_id: string; status: string }>(
    prepared("repeated-claim", sql`SELECT id, withdraw_id, status::text AS status FROM withdraw_payments WHERE payment_hash = ${paymentHash}`),
  );
  return payment && payment.withdraw_id === withdrawId && payment.status !== "failed" ? { paymentId: payment.id, fresh: false } : null;
}

export async function claimWithdraw(input: { secret: string; k1: string; pr: string }, now: Date = new Date()): Promise<Claim> {
  const row = await findWithdrawBySecret(input.secret);
  if (!k1Matches(row.k1, input.k1)) throw lnurlRefusal("The k1 does not match this withdraw.");
  const invoice = checkInvoice(input.pr, row, now);
  const repeated = row.claimedPaymentHash === invoice.paymentHash ? await repeatedClaim(row.id, invoice.paymentHash) : null;
  if (repeated) return repeated;
  assertPullable(row, now);
  await assertNodeReachable(now.getTime());

  const paymentId = newId("payment", now.getTime());
  try {
    // One statement (a data-modifying CTE) is one atomic step: the claim and its payment row are written
    // together or not at all, without holding a pooled connection across round trips (under hundreds of
    // concurrent callbacks an interactive transaction waited too long for a connection).
    const won = await queryOne<{ amount_msat: bigint; fee_limit_msat: bigint }>(
      prepared(
        "claim-withdraw",
        sql`
        WITH claimed AS (
          UPDATE withdraws SET status = 'processing', claimed_payment_hash = ${invoice.paymentHash}, updated_at = ${now}
           WHERE id = ${row.id} AND status = 'unpaid' AND expires_at > ${now}
          RETURNING id, merchant_id, target_amount_msat, fee_limit_msat)
        INSERT INTO withdraw_payments (id, withdraw_id, merchant_id, payment_hash, invoice, amount_msat, fee_limit_msat, payee_pubkey, created_at)
        SELECT ${paymentId}, id, merchant_id, ${invoice.paymentHash}, ${invoice.invoice}, ${invoice.amountMsat}::bigint, fee_limit_msat, ${invoice.payeePubkey}, ${now}
          FROM claimed
        RETURNING amount_msat, fee_limit_msat`,
      ),
    );
    if (won) {
      const payment = { id: paymentId, invoice: invoice.invoice, paymentHash: invoice.paymentHash, amountMsat: won.amount_msat, feeLimitMsat: won.fee_limit_msat };
      return { paymentId, fresh: true, payment };
    }
  } catch (error) {
    if (isUniqueViolation(error)) throw lnurlRefusal("This invoice has already been used. Create a new one.");
    throw error;
  }
  // Lost the race: either to the same invoice (answer OK) or to another one (refuse).
  const again = await repeatedClaim(row.id, invoice.paymentHash);
  if (again) return again;
  assertPullable(await findWithdrawBySecret(input.secret), now);
  throw lnurlRefusal("This withdraw is being paid right now.");
}
