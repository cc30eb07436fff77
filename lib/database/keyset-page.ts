// The REST lists' paging (withdraws, payouts, deposits, batches, events, webhook endpoints): newest first, `limit` per page, cursors by object id in both
// directions (`starting_after`: the page after that object, older ones; `ending_before`: the page before it,
// newer ones), as Stripe and Speed page. Keyset over (created_at, id), so objects created while a client pages
// never shift a page: no duplicates, no gaps.
//
// It stands in the database layer, below every domain that pages its rows, so no domain imports lib/api/ (which
// sits above the domains and describes them).
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";

const epochMs = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a time in epoch milliseconds.` })
    .int(`${name} must be a time in epoch milliseconds.`)
    .min(0, `${name} must be a time in epoch milliseconds.`)
    .max(8_640_000_000_000_000, `${name} must be a time in epoch milliseconds.`)
    .optional();

type ListNoun = { noun: string; plural: string; idPrefix: string };

const LIMIT_MESSAGE = "limit must be a whole number from 1 to 100.";

/** The paging parameters every list shares: limit, the created range and the two cursors (ids of `idPrefix`). */
export function pagingShape({ noun, plural, idPrefix }: ListNoun) {
  const a = /^[aeiou]/.test(noun) ? "an" : "a";
  const objectId = (name: string) =>
    z
      .string()
      .regex(new RegExp(`^${idPrefix}_[0-9a-z]{26}$`), `${name} must be ${a} ${noun} id (${idPrefix}_…).`)
      .optional();
  return {
    limit: z.coerce
      .number({ error: LIMIT_MESSAGE })
      .int(LIMIT_MESSAGE)
      .min(1, LIMIT_MESSAGE)
      .max(100, LIMIT_MESSAGE)
      .default(10)
      .describe("How many objects to return, 1 to 100 (default 10)."),
    "created[gte]": epochMs("created[gte]").describe(`Only ${plural} created at or after this time (epoch ms).`),
    "created[lte]": epochMs("created[lte]").describe(`Only ${plural} created at or before this time (epoch ms).`),
    starting_after: objectId("starting_after").describe(`${a === "an" ? "An" : "A"} ${noun} id: return the page of older ${plural} after it.`),
    ending_before: objectId("ending_before").describe(`${a === "an" ? "An" : "A"} ${noun} id: return the page of newer ${plural} before it.`),
  };
}

/** A list's query from its parameters: unknown parameters refused by name, and at most one cursor. */
export function pagedQuerySchema<Shape extends ReturnType<typeof pagingShape>>(shape: Shape) {
  return z
    .strictObject(shape, { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown parameter: ${issue.keys.join(", ")}.` : undefined) })
    .refine((q) => !((q as PageQuery).starting_after && (q as PageQuery).ending_before), { message: "Give starting_after or ending_before, not both.", path: ["ending_before"] });
}

/** The query of a list route: limit, status (one of `statuses`), created range and the two cursors. */
export function listQuerySchema<S extends readonly [string, ...string[]]>(noun: ListNoun, statuses: S) {
  const { limit, ...rest } = pagingShape(noun);
  return pagedQuerySchema({
    limit,
    status: z.enum(statuses, { error: `status must be one of ${statuses.join(", ")}.` }).optional().describe(`Only ${noun.plural} in this status.`),
    ...rest,
  });
}

type PageQuery = { limit: number; "created[gte]"?: number; "created[lte]"?: number; starting_after?: string; ending_before?: string };

/**
 * The ids of one page, newest first, from `table` (a constant table name with merchant_id, created_at and id),
 * with the caller's extra conditions (each starting with AND).
 */
export async function pageIds(
  table: "withdraws" | "payouts" | "lnurl_auth_logins" | "deposits" | "webhook_endpoints" | "withdraw_batches" | "events",
  noun: string,
  merchantId: string,
  query: PageQuery,
  extra: Prisma.Sql[] = [],
): Promise<{ ids: string[]; hasMore: boolean }> {
  const from = Prisma.raw(table);
  const conditions = [...extra];
  if (query["created[gte]"] !== undefined) conditions.push(Prisma.sql`AND created_at >= ${new Date(query["created[gte]"])}`);
  if (query["created[lte]"] !== undefined) conditions.push(Prisma.sql`AND created_at <= ${new Date(query["created[lte]"])}`);
  const cursorId = query.starting_after ?? query.ending_before;
  const backwards = query.ending_before !== undefined;
  if (cursorId) {
    const [cursor] = await db().$queryRaw<{ created_at: Date; id: string }[]>`
      SELECT created_at, id FROM ${from} WHERE id = ${cursorId} AND merchant_id = ${merchantId}`;
    if (!cursor) throw new AppError("validation_error", `No ${noun} ${cursorId} in this account.`, backwards ? "ending_before" : "starting_after");
    conditions.push(
      backwards
        ? Prisma.sql`AND (created_at, id) > (${cursor.created_at}, ${cursor.id})`
        : Prisma.sql`AND (created_at, id) < (${cursor.created_at}, ${cursor.id})`,
    );
  }
  // Going backwards reads upwards from the cursor, then turns the page round to newest first.
  const order = backwards ? Prisma.sql`ORDER BY created_at ASC, id ASC` : Prisma.sql`ORDER BY created_at DESC, id DESC`;
  const found = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM ${from} WHERE merchant_id = ${merchantId} ${conditions.length ? Prisma.join(conditions, " ") : Prisma.empty} ${order} LIMIT ${query.limit + 1}`;
  const ids = found.slice(0, query.limit).map((r) => r.id);
  if (backwards) ids.reverse();
  return { ids, hasMore: found.length > query.limit };
}
