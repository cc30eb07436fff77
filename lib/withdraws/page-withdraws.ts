// The REST list of withdraws: newest first, `limit` per page, cursors by object id in both directions
// (`starting_after`: the page after that object, older ones; `ending_before`: the page before it, newer
// ones), as Stripe and Speed page. Keyset over (created_at, id), so objects created while a client pages
// never shift a page: no duplicates, no gaps.
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { statusCondition } from "./list-withdraws";
import { loadWithdrawsByIds } from "./load-withdraw";
import { WITHDRAW_STATUSES, type WithdrawRow } from "./serialize-withdraw";

const epochMs = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a time in epoch milliseconds.` })
    .int(`${name} must be a time in epoch milliseconds.`)
    .min(0, `${name} must be a time in epoch milliseconds.`)
    .max(8_640_000_000_000_000, `${name} must be a time in epoch milliseconds.`)
    .optional();

const withdrawId = (name: string) =>
  z
    .string()
    .regex(/^wi_[0-9a-z]{26}$/, `${name} must be a withdraw id (wi_…).`)
    .optional();

export const listWithdrawsQuerySchema = z
  .strictObject(
    {
      limit: z.coerce
        .number({ error: "limit must be a whole number from 1 to 100." })
        .int("limit must be a whole number from 1 to 100.")
        .min(1, "limit must be a whole number from 1 to 100.")
        .max(100, "limit must be a whole number from 1 to 100.")
        .default(10)
        .describe("How many objects to return, 1 to 100 (default 10)."),
      status: z.enum(WITHDRAW_STATUSES, { error: `status must be one of ${WITHDRAW_STATUSES.join(", ")}.` }).optional().describe("Only withdraws in this status."),
      "created[gte]": epochMs("created[gte]").describe("Only withdraws created at or after this time (epoch ms)."),
      "created[lte]": epochMs("created[lte]").describe("Only withdraws created at or before this time (epoch ms)."),
      starting_after: withdrawId("starting_after").describe("A withdraw id: return the page of older withdraws after it."),
      ending_before: withdrawId("ending_before").describe("A withdraw id: return the page of newer withdraws before it."),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown parameter: ${issue.keys.join(", ")}.` : undefined) },
  )
  .refine((q) => !(q.starting_after && q.ending_before), { message: "Give starting_after or ending_before, not both.", path: ["ending_before"] });

export type ListWithdrawsQuery = z.input<typeof listWithdrawsQuerySchema>;

export async function pageWithdraws(
  merchantId: string,
  input: unknown,
  now: Date = new Date(),
): Promise<{ rows: WithdrawRow[]; hasMore: boolean }> {
  const query = parseInput(listWithdrawsQuerySchema, input);
  const conditions: Prisma.Sql[] = [statusCondition(query.status, now)];
  if (query["created[gte]"] !== undefined) conditions.push(Prisma.sql`AND created_at >= ${new Date(query["created[gte]"])}`);
  if (query["created[lte]"] !== undefined) conditions.push(Prisma.sql`AND created_at <= ${new Date(query["created[lte]"])}`);
  const cursorId = query.starting_after ?? query.ending_before;
  const backwards = query.ending_before !== undefined;
  if (cursorId) {
    const cursor = await db().withdraw.findFirst({ where: { id: cursorId, merchantId }, select: { createdAt: true, id: true } });
    if (!cursor) {
      throw new AppError("validation_error", `No withdraw ${cursorId} in this account.`, backwards ? "ending_before" : "starting_after");
    }
    conditions.push(
      backwards
        ? Prisma.sql`AND (created_at, id) > (${cursor.createdAt}, ${cursor.id})`
        : Prisma.sql`AND (created_at, id) < (${cursor.createdAt}, ${cursor.id})`,
    );
  }
  // Going backwards reads upwards from the cursor, then turns the page round to newest first.
  const order = backwards ? Prisma.sql`ORDER BY created_at ASC, id ASC` : Prisma.sql`ORDER BY created_at DESC, id DESC`;
  const found = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM withdraws WHERE merchant_id = ${merchantId} ${Prisma.join(conditions, " ")} ${order} LIMIT ${query.limit + 1}`;
  const ids = found.slice(0, query.limit).map((r) => r.id);
  if (backwards) ids.reverse();
  return { rows: await loadWithdrawsByIds(merchantId, ids), hasMore: found.length > query.limit };
}
