// Paying a claimed withdraw, after the wallet has had its OK. An exception or a timeout is an unknown
// outcome: the withdraw stays `processing` until the reconciler learns the result from the backend.
import { db } from "../db";
import { lightning } from "../lightning/backend";
import { applyPaymentOutcome, type Resolution } from "./apply-payment-outcome";
import { paymentTimeoutSeconds } from "./rules";

const paying = new Map<string, Promise<Resolution>>();

/** Ids of the payments this process is paying right now (the reconciler leaves them to it). */
export function paymentsBeingPaid(): string[] {
  return [...paying.keys()];
}

async function pay(paymentId: string): Promise<Resolution> {
  const payment = await db().withdrawPayment.findUniqueOrThrow({ where: { id: paymentId } });
  if (payment.status !== "in_flight") return payment.status === "succeeded" ? "paid" : "failed";
  try {
    const outcome = await lightning().payInvoice({
      invoice: payment.invoice,
      paymentHash: payment.paymentHash,
      amountMsat: payment.amountMsat,
      feeLimitMsat: payment.feeLimitMsat,
      timeoutSeconds: paymentTimeoutSeconds(),
    });
    return await applyPaymentOutcome(paymentId, outcome);
  } catch (error) {
    console.error(`[payments] ${paymentId}: outcome unknown, left for reconciliation: ${(error as Error).message}`);
    return "pending";
  }
}

/** Starts paying in the background (once per payment per process) and returns the running attempt. */
export function startPayment(paymentId: string): Promise<Resolution> {
  const running = paying.get(paymentId);
  if (running) return running;
  const attempt = pay(paymentId).finally(() => paying.delete(paymentId));
  paying.set(paymentId, attempt);
  return attempt;
}

/** Waits for every payment this process has started (tests, graceful shutdown). */
export async function paymentsSettled(): Promise<void> {
  while (paying.size > 0) await Promise.allSettled([...paying.values()]);
}
