// The payouts' reconciler, run with the withdraws' one: asks the node about payouts left `processing` (by a
// timeout, a crash, a restart, another instance) and records what it says; and fails payouts left `pending`
// (reserved but never handed to the node: their process died in between) once no sender can still be about
// to claim them. Safe in every instance at once: rows are taken with SKIP LOCKED, outcomes applied with
// conditional updates.
import { db } from "../db";
import { lightning } from "../lightning/backend";
import { neverSentAfterSeconds } from "../withdraws/rules";
import { applyPayoutOutcome, failPayout } from "./apply-payout-outcome";
import { payoutsBeingPaid } from "./pay-payout";

const BATCH = 50;
const RECHECK_SECONDS = 5;

export type PayoutReconcileReport = { checked: number; paid: number; failed: number; pending: number };

async function failAbandoned(now: Date, ours: string[], report: PayoutReconcileReport): Promise<void> {
  const before = new Date(now.getTime() - neverSentAfterSeconds() * 1000);
  const stale = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM payouts WHERE status = 'pending' AND created_at <= ${before} AND NOT (id = ANY(${ours})) LIMIT ${BATCH}`;
  for (const { id } of stale) {
    report.checked++;
    const failed = await db().$transaction((tx) => failPayout(tx, id, "pending", "The payout was never sent to the Lightning node.", now));
    if (failed) report.failed++;
  }
}

export async function reconcilePayouts(now: Date = new Date()): Promise<PayoutReconcileReport> {
  const report: PayoutReconcileReport = { checked: 0, paid: 0, failed: 0, pending: 0 };
  const ours = payoutsBeingPaid();
  await failAbandoned(now, ours, report);
  const recheckBefore = new Date(now.getTime() - RECHECK_SECONDS * 1000);
  const due = await db().$queryRaw<{ id: string; payment_hash: string; sent_at: Date | null; created_at: Date }[]>`
    UPDATE payouts SET checked_at = ${now}
     WHERE id IN (
       SELECT id FROM payouts
        WHERE status = 'processing' AND COALESCE(sent_at, created_at) <= ${recheckBefore} AND NOT (id = ANY(${ours}))
          AND (checked_at IS NULL OR checked_at <= ${recheckBefore})
        ORDER BY checked_at NULLS FIRST LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
     RETURNING id, payment_hash, sent_at, created_at`;
  for (const payout of due) {
    report.checked++;
    try {
      let outcome = await lightning().lookupPayment(payout.payment_hash);
      const age = (now.getTime() - (payout.sent_at ?? payout.created_at).getTime()) / 1000;
      // Never heard of by the node, long after any sender would have given up: it was never sent.
      if (outcome.status === "not_found" && age > neverSentAfterSeconds()) {
        outcome = { status: "failed", reason: "The payment was never sent to the Lightning node." };
      }
      report[await applyPayoutOutcome(payout.id, outcome, now)]++;
    } catch (error) {
      report.pending++;
      console.error(`[reconcile] ${payout.id}: ${(error as Error).message}`);
    }
  }
  return report;
}
