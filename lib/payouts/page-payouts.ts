// The REST list of payouts, paged as withdraws are (lib/withdraws/page-withdraws.ts): newest first, `limit`
// per page, cursors by object id both ways, keyset over (created_at, id) so new payouts never shift a page.
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { PAYOUT_STATUSES, type PayoutRow } from "./serialize-payout";

const epochMs = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a time in epoch milliseconds.` })
    .int(`${name} must be a time in epoch milliseconds.`)
    .min(0, `${name} must be a time in epoch milliseconds.`)
    .max(8_640_000_000_000_000, `${name} must be a time in epoch milliseconds.`)
    .optional();

const payoutId = (name: string) =>
  z
    .string()
    .regex(/^po_[0-9a-z]{26}$/, `${name} must be a payout id (po_…).`)
    .optional();

export const listPayoutsQuerySchema = z
  .strictObject(
    {
      limit: z.coerce
        .number({ error: "limit must be a whole number from 1 to 100." })
        .int("limit must be a whole number from 1 to 100.")
        .min(1, "limit must be a whole number from 1 to 100.")
        .max(100, "limit must be a whole number from 1 to 100.")
        .default(10)
        .describe("How many objects to return, 1 to 100 (default 10)."),
      status: z.enum(PAYOUT_STATUSES, { error: `status must be one of ${PAYOUT_STATUSES.join(", ")}.` }).optional().describe("Only payouts in this status."),
      "created[gte]": epochMs("created[gte]").describe("Only payouts created at or after this time (epoch ms)."),
      "created[lte]": epochMs("created[lte]").describe("Only payouts created at or before this time (epoch ms)."),
      starting_after: payoutId("starting_after").describe("A payout id: return the page of older payouts after it."),
      ending_before: payoutId("ending_before").describe("A payout id: return the page of newer payouts before it."),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown parameter: ${issue.keys.join(", ")}.` : undefined) },
  )
  .refine((q) => !(q.starting_after && q.ending_before), { message: "Give starting_after or ending_before, not both.", path: ["ending_before"] });

export type ListPayoutsQuery = z.input<typeof listPayoutsQuerySchema>;

export async function pagePayouts(merchantId: string, input: unknown): Promise<{ rows: PayoutRow[]; hasMore: boolean }> {
  const query = parseInput(listPayoutsQuerySchema, input);
  const conditions: Prisma.Sql[] = [];
  if (query.status) conditions.push(Prisma.sql`AND status = ${query.status}::"PayoutStatus"`);
  if (query["created[gte]"] !== undefined) conditions.push(Prisma.sql`AND created_at >= ${new Date(query["created[gte]"])}`);
  if (query["created[lte]"] !== undefined) conditions.push(Prisma.sql`AND created_at <= ${new Date(query["created[lte]"])}`);
  const cursorId = query.starting_after ?? query.ending_before;
  const backwards = query.ending_before !== undefined;
  if (cursorId) {
    const cursor = await db().payout.findFirst({ where: { id: cursorId, merchantId }, select: { createdAt: true, id: true } });
    if (!cursor) throw new AppError("validation_error", `No payout ${cursorId} in this account.`, backwards ? "ending_before" : "starting_after");
    conditions.push(
      backwards
        ? Prisma.sql`AND (created_at, id) > (${cursor.createdAt}, ${cursor.id})`
        : Prisma.sql`AND (created_at, id) < (${cursor.createdAt}, ${cursor.id})`,
    );
  }
  const order = backwards ? Prisma.sql`ORDER BY created_at ASC, id ASC` : Prisma.sql`ORDER BY created_at DESC, id DESC`;
  const found = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM payouts WHERE merchant_id = ${merchantId} ${conditions.length ? Prisma.join(conditions, " ") : Prisma.empty} ${order} LIMIT ${query.limit + 1}`;
  const ids = found.slice(0, query.limit).map((r) => r.id);
  if (backwards) ids.reverse();
  const rows = ids.length ? await db().payout.findMany({ where: { id: { in: ids }, merchantId } }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.flatMap((id) => byId.get(id) ?? []), hasMore: found.length > query.limit };
}
