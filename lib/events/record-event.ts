// The outbox: an event row written in the same transaction as the state change it reports.
import type { Tx } from "../db";
import { newId } from "../ids";

export const EVENT_TYPES = ["withdraw.paid", "withdraw.expired", "withdraw.cancelled", "withdraw.payment_failed"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export async function recordEvent(
  tx: Tx,
  event: { merchantId: string; type: EventType; withdrawId: string; payload: object },
): Promise<string> {
  const id = newId("event");
  await tx.event.create({
    data: { id, merchantId: event.merchantId, type: event.type, withdrawId: event.withdrawId, payload: event.payload },
    select: { id: true },
  });
  return id;
}
