// The reconciler: asks the backend about payments left in flight (by a timeout, a crash, a restart, another
// instance) and records what it says; and fails payments taken but never handed to the backend (their
// process died in between) once no sender can still be about to send them. Safe in every instance at once:
// each round takes its rows with SKIP LOCKED, and outcomes are applied with conditional updates.
import { lightning } from "../lightning/backend";
import { neverSentAfterSeconds } from "./timing";
import { applyPaymentOutcome, beingPaid, failUnsentPayment, type PaymentKind } from "./engine";

const BATCH = 50;
const RECHECK_SECONDS = 5;

export type ReconcileReport = { checked: number; paid: number; failed: number; pending: number };

export async function reconcilePayments(kind: PaymentKind, now: Date = new Date()): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, paid: 0, failed: 0, pending: 0 };
  // Payments this process is paying right now are left out, so that taking them does not hide them from others.
  const ours = beingPaid(kind);
  if (kind.abandoned) {
    for (const id of await kind.abandoned(new Date(now.getTime() - neverSentAfterSeconds() * 1000), ours, BATCH)) {
      report.checked++;
      if (await failUnsentPayment(kind, id, `The ${kind.name} was never sent to the Lightning node.`, now)) report.failed++;
    }
  }
  const due = await kind.due(now, new Date(now.getTime() - RECHECK_SECONDS * 1000), ours, BATCH);
  for (const payment of due) {
    report.checked++;
    try {
      let outcome = await lightning().lookupPayment(payment.paymentHash);
      const age = (now.getTime() - payment.sentAt.getTime()) / 1000;
      // Never heard of by the node, long after any sender would have given up: it was never sent.
      if (outcome.status === "not_found" && age > neverSentAfterSeconds()) {
        outcome = { status: "failed", reason: "The payment was never sent to the Lightning node." };
      }
      report[await applyPaymentOutcome(kind, payment, outcome, now)]++;
    } catch (error) {
      report.pending++;
      console.error(`[reconcile] ${kind.name} ${payment.id}: ${(error as Error).message}`);
    }
  }
  return report;
}
