// The outbox: an event row written in the same transaction as the state change it reports.
import { fragment, queryOn, raw, sql, type Fragment, type Queryable, type Statement } from "../database/sql";
import type { Tx } from "../db";
import { newId } from "../ids";

export const EVENT_TYPES = [
  "withdraw.paid",
  "withdraw.expired",
  "withdraw.cancelled",
  "withdraw.payment_failed",
  "payout.paid",
  "payout.failed",
  "deposit.paid",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

// An event is about one withdraw, one payout or one deposit.
export type NewEvent = { merchantId: string; type: EventType; withdrawId?: string; payoutId?: string; depositId?: string; payload: object };

/** The event's row as a SELECT list, for `INSERT INTO events (EVENT_COLUMNS) SELECT …` in a larger statement. */
export function eventRow(event: NewEvent, id: string = newId("event")): Fragment {
  return fragment`${id}, ${event.merchantId}, ${event.type}, ${event.withdrawId ?? null}::text, ${event.payoutId ?? null}::text, ${event.depositId ?? null}::text, ${JSON.stringify(event.payload)}::jsonb`;
}

export const EVENT_COLUMNS = raw("id, merchant_id, type, withdraw_id, payout_id, deposit_id, payload");

export function eventStatement(event: NewEvent, id: string = newId("event")): Statement {
  return sql`INSERT INTO events (${EVENT_COLUMNS}) SELECT ${eventRow(event, id)}`;
}

/** Writes the event in the caller's transaction (Prisma's or lib/database/sql.ts's) and returns its id. */
export async function recordEvent(client: Tx | Queryable, event: NewEvent): Promise<string> {
  const id = newId("event");
  await queryOn(client, eventStatement(event, id));
  return id;
}
