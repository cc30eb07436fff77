// The outbox: an event row written in the same transaction as the state change it reports.
import type { Tx } from "../db";
import { newId } from "../ids";

export const EVENT_TYPES = [
  "withdraw.paid",
  "withdraw.expired",
  "withdraw.cancelled",
  "withdraw.payment_failed",
  "payout.paid",
  "payout.failed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export async function recordEvent(
  tx: Tx,
  // An event is about one withdraw or one payout.
  event: { merchantId: string; type: EventType; withdrawId?: string; payoutId?: string; payload: object },
): Promise<string> {
  const id = newId("event");
  await tx.event.create({
    data: { id, merchantId: event.merchantId, type: event.type, withdrawId: event.withdrawId, payoutId: event.payoutId, payload: event.payload },
    select: { id: true },
  });
  return id;
}
