// Recording what the backend said about a payout's payment. Only definite outcomes change anything, each
// through one conditional update of a `processing` payout (it resolves once, whoever learns the outcome first):
// - succeeded: paid; the ledger pays out the amount and the fee and releases the rest of the reservation;
// - failed: failed for good (a payout is one invoice), and the whole reservation is released.
import { db, type Tx } from "../db";
import { recordEvent } from "../events/record-event";
import { applyLedgerEntry } from "../ledger/apply-ledger-entry";
import type { PaymentLookup } from "../lightning/types";
import { serializePayout } from "./serialize-payout";

export type PayoutResolution = "paid" | "failed" | "pending";

/** Marks a payout failed (from `from`) and releases its reservation, in the caller's transaction; false if it was not in `from`. */
export async function failPayout(tx: Tx, payoutId: string, from: "pending" | "processing", reason: string, now: Date): Promise<boolean> {
  const changed = await tx.payout.updateMany({
    where: { id: payoutId, status: from },
    data: { status: "failed", failureReason: reason.slice(0, 500), failedAt: now, updatedAt: now },
  });
  if (changed.count !== 1) return false;
  const row = await tx.payout.findUniqueOrThrow({ where: { id: payoutId } });
  const reserved = row.amountMsat + row.feeLimitMsat;
  await applyLedgerEntry(tx, { merchantId: row.merchantId, kind: "release", availableDeltaMsat: reserved, reservedDeltaMsat: -reserved, payoutId, note: `Payout ${payoutId} failed` });
  await recordEvent(tx, { merchantId: row.merchantId, type: "payout.failed", payoutId, payload: serializePayout(row) });
  return true;
}

async function markPaid(tx: Tx, payoutId: string, feeMsat: bigint, preimage: string | null, now: Date): Promise<boolean> {
  const changed = await tx.payout.updateMany({
    where: { id: payoutId, status: "processing" },
    data: { status: "paid", feesMsat: feeMsat, preimage, paidAt: now, updatedAt: now },
  });
  if (changed.count !== 1) return false;
  const row = await tx.payout.findUniqueOrThrow({ where: { id: payoutId } });
  const { merchantId, amountMsat, feeLimitMsat } = row;
  const note = `Payout ${payoutId}`;
  const feeFromReserve = feeMsat < feeLimitMsat ? feeMsat : feeLimitMsat;
  await applyLedgerEntry(tx, { merchantId, kind: "payout", availableDeltaMsat: 0n, reservedDeltaMsat: -amountMsat, payoutId, note });
  if (feeMsat > 0n) {
    // A backend that overshot the fee limit still spent the money: the excess comes out of available funds.
    await applyLedgerEntry(tx, { merchantId, kind: "fee", availableDeltaMsat: -(feeMsat - feeFromReserve), reservedDeltaMsat: -feeFromReserve, payoutId, note });
  }
  const unused = feeLimitMsat - feeFromReserve;
  if (unused > 0n) await applyLedgerEntry(tx, { merchantId, kind: "release", availableDeltaMsat: unused, reservedDeltaMsat: -unused, payoutId, note });
  await recordEvent(tx, { merchantId, type: "payout.paid", payoutId, payload: serializePayout(row) });
  return true;
}

export async function applyPayoutOutcome(payoutId: string, outcome: PaymentLookup, now: Date = new Date()): Promise<PayoutResolution> {
  if (outcome.status === "in_flight" || outcome.status === "not_found") return "pending";
  return db().$transaction(async (tx) => {
    const done =
      outcome.status === "succeeded"
        ? await markPaid(tx, payoutId, outcome.feeMsat, outcome.preimage, now)
        : await failPayout(tx, payoutId, "processing", outcome.reason, now);
    if (done) return outcome.status === "succeeded" ? "paid" : "failed";
    const current = await tx.payout.findUniqueOrThrow({ where: { id: payoutId }, select: { status: true } });
    return current.status === "paid" || current.status === "failed" ? current.status : "pending";
  });
}
