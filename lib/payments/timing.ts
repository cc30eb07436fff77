// How long a payment out of a balance may take, and what follows from it. The timing belongs to the payment
// engine, which withdraws and payouts both plug into, so it stands here and they import it from below (the
// engine imports nothing from lib/withdraws/).
import { env } from "../env";

export function paymentTimeoutSeconds(): number {
  return env().paymentTimeoutSeconds;
}

/** An invoice must stay valid for the whole payment attempt and a margin after it. */
export function invoiceSafetyMarginSeconds(): number {
  return paymentTimeoutSeconds() + 30;
}

/** A payment the backend has never heard of, older than this, was never sent (its sender gave up or died). */
export function neverSentAfterSeconds(): number {
  return paymentTimeoutSeconds() + 60;
}
