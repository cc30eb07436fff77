// The REST list of events: paged as every list is (newest first, `limit`, `created[gte]`/`created[lte]`, the
// `starting_after`/`ending_before` cursors by event id; keyset over (created_at, id), so events written while
// a client pages never shift a page), filtered by `type` and by the object an event is about, as Stripe's
// lists filter by a related object (`withdraw=wi_…`, `payout=po_…`, `deposit=dep_…`). Filters combine with AND.
import { z } from "zod";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { pagedQuerySchema, pageIds, pagingShape } from "../database/keyset-page";
import { parseInput } from "../validation";
import { EVENT_TYPES } from "../events/record-event";
import type { StoredEvent } from "./event-body";

const idOf = (name: string, noun: string, prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9a-z]{26}$`), `${name} must be a ${noun} id (${prefix}_…).`)
    .optional();

const { limit, ...paging } = pagingShape({ noun: "event", plural: "events", idPrefix: "evt" });

export const listEventsQuerySchema = pagedQuerySchema({
  limit: limit.describe("How many events to return, 1 to 100 (default 10)."),
  type: z.enum(EVENT_TYPES, { error: `type must be one of ${EVENT_TYPES.join(", ")}.` }).optional().describe("Only events of this type."),
  withdraw: idOf("withdraw", "withdraw", "wi").describe("Only events about this withdraw."),
  payout: idOf("payout", "payout", "po").describe("Only events about this payout."),
  deposit: idOf("deposit", "deposit", "dep").describe("Only events about this deposit."),
  ...paging,
});

export type ListEventsQuery = z.input<typeof listEventsQuerySchema>;

/** What an event object is built from (lib/webhooks/event-body.ts). */
export const EVENT_FIELDS = { id: true, type: true, createdAt: true, payload: true } as const;

export async function pageEvents(merchantId: string, input: unknown): Promise<{ rows: StoredEvent[]; hasMore: boolean }> {
  const query = parseInput(listEventsQuerySchema, input);
  const filters: Prisma.Sql[] = [];
  if (query.type) filters.push(Prisma.sql`AND type = ${query.type}`);
  if (query.withdraw) filters.push(Prisma.sql`AND withdraw_id = ${query.withdraw}`);
  if (query.payout) filters.push(Prisma.sql`AND payout_id = ${query.payout}`);
  if (query.deposit) filters.push(Prisma.sql`AND deposit_id = ${query.deposit}`);
  const { ids, hasMore } = await pageIds("events", "event", merchantId, query, filters);
  const rows = ids.length ? await db().event.findMany({ where: { id: { in: ids }, merchantId }, select: EVENT_FIELDS }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.flatMap((id) => byId.get(id) ?? []), hasMore };
}
