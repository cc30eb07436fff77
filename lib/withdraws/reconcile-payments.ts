// The reconciler: asks the backend about payments left in flight (by a timeout, a crash, a restart, another
// instance) and records what it says. Safe in every instance at once: each round takes its rows with
// SKIP LOCKED, and outcomes are applied with conditional updates.
import { db } from "../db";
import { lightning } from "../lightning/backend";
import { applyPaymentOutcome } from "./apply-payment-outcome";
import { paymentsBeingPaid } from "./pay-claimed-withdraw";
import { neverSentAfterSeconds } from "./rules";

const BATCH = 50;
const RECHECK_SECONDS = 5;

export type ReconcileReport = { checked: number; paid: number; failed: number; pending: number };

export async function reconcilePayments(now: Date = new Date()): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, paid: 0, failed: 0, pending: 0 };
  const recheckBefore = new Date(now.getTime() - RECHECK_SECONDS * 1000);
  // Payments this process is paying right now are left out, so that taking them does not hide them from others.
  const ours = paymentsBeingPaid();
  const due = await db().$queryRaw<{ id: string; payment_hash: string; created_at: Date }[]>`
    UPDATE withdraw_payments SET checked_at = ${now}
     WHERE id IN (
       SELECT id FROM withdraw_payments
        WHERE status = 'in_flight' AND created_at <= ${recheckBefore} AND NOT (id = ANY(${ours}))
          AND (checked_at IS NULL OR checked_at <= ${recheckBefore})
        ORDER BY checked_at NULLS FIRST LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
     RETURNING id, payment_hash, created_at`;
  for (const payment of due) {
    report.checked++;
    try {
      let outcome = await lightning().lookupPayment(payment.payment_hash);
      const age = (now.getTime() - payment.created_at.getTime()) / 1000;
      // Never heard of by the node, long after any sender would have given up: it was never sent.
      if (outcome.status === "not_found" && age > neverSentAfterSeconds()) {
        outcome = { status: "failed", reason: "The payment was never sent to the Lightning node." };
      }
      report[await applyPaymentOutcome(payment.id, outcome, now)]++;
    } catch (error) {
      report.pending++;
      console.error(`[reconcile] ${payment.id}: ${(error as Error).message}`);
    }
  }
  return report;
}
