// Recording what the backend said about a payment. Only definite outcomes change anything, each through
// conditional updates (a payment resolves once, whoever learns the outcome first):
// - succeeded: the withdraw is paid; the ledger pays out the amount and the fee and releases the rest;
// - failed: the withdraw returns to unpaid (the customer may retry with a new invoice), its reservation kept.
import { db } from "../db";
import { recordEvent } from "../events/record-event";
import { applyLedgerEntry } from "../ledger/apply-ledger-entry";
import type { PaymentLookup } from "../lightning/types";
import { loadWithdraw } from "./load-withdraw";
import { serializeWithdraw } from "./serialize-withdraw";

export type Resolution = "paid" | "failed" | "pending";

export async function applyPaymentOutcome(paymentId: string, outcome: PaymentLookup, now: Date = new Date()): Promise<Resolution> {
  if (outcome.status === "in_flight" || outcome.status === "not_found") return "pending";
  return db().$transaction(async (tx) => {
    const payment = await tx.withdrawPayment.findUniqueOrThrow({ where: { id: paymentId } });
    const resolved = await tx.withdrawPayment.updateMany({
      where: { id: paymentId, status: "in_flight" },
      data:
        outcome.status === "succeeded"
          ? { status: "succeeded", feeMsat: outcome.feeMsat, preimage: outcome.preimage, resolvedAt: now }
          : { status: "failed", failureReason: outcome.reason.slice(0, 500), resolvedAt: now },
    });
    if (resolved.count !== 1) return payment.status === "succeeded" ? "paid" : payment.status === "failed" ? "failed" : "pending";
    const { merchantId, withdrawId, amountMsat, feeLimitMsat, paymentHash } = payment;

    if (outcome.status === "failed") {
      await tx.$executeRaw`
        UPDATE withdraws SET status = 'unpaid', claimed_payment_hash = NULL, updated_at = ${now}
         WHERE id = ${withdrawId} AND status = 'processing' AND claimed_payment_hash = ${paymentHash}`;
      const row = (await loadWithdraw(tx, merchantId, withdrawId))!;
      await recordEvent(tx, {
        merchantId,
        type: "withdraw.payment_failed",
        withdrawId,
        payload: { ...serializeWithdraw(row, "not_in_events", now), failure_reason: outcome.reason },
      });
      return "failed";
    }

    const fee = outcome.feeMsat;
    const paidRows = await tx.$executeRaw`
      UPDATE withdraws SET status = 'paid', paid_amount_msat = ${amountMsat}, fees_msat = ${fee}, paid_at = ${now}, updated_at = ${now}
       WHERE id = ${withdrawId} AND status = 'processing' AND claimed_payment_hash = ${paymentHash}`;
    if (paidRows !== 1) throw new Error(`Withdraw ${withdrawId} was not processing payment ${paymentId}.`);
    const reserved = amountMsat + feeLimitMsat;
    const feeFromReserve = fee < feeLimitMsat ? fee : feeLimitMsat;
    await applyLedgerEntry(tx, { merchantId, kind: "payout", availableDeltaMsat: 0n, reservedDeltaMsat: -amountMsat, withdrawId });
    if (fee > 0n) {
      // A backend that overshot the fee limit still spent the money: the excess comes out of available funds.
      await applyLedgerEntry(tx, { merchantId, kind: "fee", availableDeltaMsat: -(fee - feeFromReserve), reservedDeltaMsat: -feeFromReserve, withdrawId });
    }
    const unused = reserved - amountMsat - feeFromReserve;
    if (unused > 0n) {
      await applyLedgerEntry(tx, { merchantId, kind: "release", availableDeltaMsat: unused, reservedDeltaMsat: -unused, withdrawId });
    }
    const row = (await loadWithdraw(tx, merchantId, withdrawId))!;
    await recordEvent(tx, { merchantId, type: "withdraw.paid", withdrawId, payload: serializeWithdraw(row, "not_in_events", now) });
    return "paid";
  });
}
