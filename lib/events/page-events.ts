// The REST list of events: paged as every list is (newest first, `limit`, `created[gte]`/`created[lte]`, the
// `starting_after`/`ending_before` cursors by event id; keyset over (created_at, id), so events written while
// a client pages never shift a page), filtered by `type` and by the object an event is about, as Stripe's
// lists filter by a related object (`withdraw=wi_…`, `payout=po_…`, `deposit=dep_…`). Filters combine with AND.
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { EVENT_TYPES } from "./record-event";
import type { StoredEvent } from "../webhooks/event-body";

const epochMs = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a time in epoch milliseconds.` })
    .int(`${name} must be a time in epoch milliseconds.`)
    .min(0, `${name} must be a time in epoch milliseconds.`)
    .max(8_640_000_000_000_000, `${name} must be a time in epoch milliseconds.`)
    .optional();

const idOf = (name: string, noun: string, prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9a-z]{26}$`), `${name} must be a ${noun} id (${prefix}_…).`)
    .optional();

export const listEventsQuerySchema = z
  .strictObject(
    {
      limit: z.coerce
        .number({ error: "limit must be a whole number from 1 to 100." })
        .int("limit must be a whole number from 1 to 100.")
        .min(1, "limit must be a whole number from 1 to 100.")
        .max(100, "limit must be a whole number from 1 to 100.")
        .default(10)
        .describe("How many events to return, 1 to 100 (default 10)."),
      type: z.enum(EVENT_TYPES, { error: `type must be one of ${EVENT_TYPES.join(", ")}.` }).optional().describe("Only events of this type."),
      withdraw: idOf("withdraw", "withdraw", "wi").describe("Only events about this withdraw."),
      payout: idOf("payout", "payout", "po").describe("Only events about this payout."),
      deposit: idOf("deposit", "deposit", "dep").describe("Only events about this deposit."),
      "created[gte]": epochMs("created[gte]").describe("Only events created at or after this time (epoch ms)."),
      "created[lte]": epochMs("created[lte]").describe("Only events created at or before this time (epoch ms)."),
      starting_after: idOf("starting_after", "event", "evt").describe("An event id: return the page of older events after it."),
      ending_before: idOf("ending_before", "event", "evt").describe("An event id: return the page of newer events before it."),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown parameter: ${issue.keys.join(", ")}.` : undefined) },
  )
  .refine((q) => !(q.starting_after && q.ending_before), { message: "Give starting_after or ending_before, not both.", path: ["ending_before"] });

export type ListEventsQuery = z.input<typeof listEventsQuerySchema>;

/** What an event object is built from (lib/webhooks/event-body.ts). */
export const EVENT_FIELDS = { id: true, type: true, createdAt: true, payload: true } as const;

export async function pageEvents(merchantId: string, input: unknown): Promise<{ rows: StoredEvent[]; hasMore: boolean }> {
  const query = parseInput(listEventsQuerySchema, input);
  const conditions: Prisma.Sql[] = [];
  if (query.type) conditions.push(Prisma.sql`AND type = ${query.type}`);
  if (query.withdraw) conditions.push(Prisma.sql`AND withdraw_id = ${query.withdraw}`);
  if (query.payout) conditions.push(Prisma.sql`AND payout_id = ${query.payout}`);
  if (query.deposit) conditions.push(Prisma.sql`AND deposit_id = ${query.deposit}`);
  if (query["created[gte]"] !== undefined) conditions.push(Prisma.sql`AND created_at >= ${new Date(query["created[gte]"])}`);
  if (query["created[lte]"] !== undefined) conditions.push(Prisma.sql`AND created_at <= ${new Date(query["created[lte]"])}`);
  const cursorId = query.starting_after ?? query.ending_before;
  const backwards = query.ending_before !== undefined;
  if (cursorId) {
    const cursor = await db().event.findFirst({ where: { id: cursorId, merchantId }, select: { id: true, createdAt: true } });
    if (!cursor) throw new AppError("validation_error", `No event ${cursorId} in this account.`, backwards ? "ending_before" : "starting_after");
    conditions.push(
      backwards
        ? Prisma.sql`AND (created_at, id) > (${cursor.createdAt}, ${cursor.id})`
        : Prisma.sql`AND (created_at, id) < (${cursor.createdAt}, ${cursor.id})`,
    );
  }
  // Going backwards reads upwards from the cursor, then turns the page round to newest first.
  const order = backwards ? Prisma.sql`ORDER BY created_at ASC, id ASC` : Prisma.sql`ORDER BY created_at DESC, id DESC`;
  const found = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM events WHERE merchant_id = ${merchantId} ${conditions.length ? Prisma.join(conditions, " ") : Prisma.empty} ${order} LIMIT ${query.limit + 1}`;
  const ids = found.slice(0, query.limit).map((r) => r.id);
  if (backwards) ids.reverse();
  const rows = ids.length ? await db().event.findMany({ where: { id: { in: ids }, merchantId }, select: EVENT_FIELDS }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.flatMap((id) => byId.get(id) ?? []), hasMore: found.length > query.limit };
}
