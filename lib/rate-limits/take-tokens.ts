// Rate limits as token buckets in PostgreSQL, one row per bucket, shared by every instance. A bucket holds up
// to `capacity` tokens and gets `perSecond` back continuously; a take finds a token or is refused with the
// whole seconds until the next one, and a refused take costs nothing.
//
// One INSERT … ON CONFLICT DO UPDATE … RETURNING per request, whatever the number of buckets: the row lock
// makes concurrent takes on any instance queue, each seeing the tokens the one before it left. The time is the
// caller's clock (`now`, injected by tests), as the sign-in throttles count: an instance whose clock is behind
// neither refills a bucket (no negative time passes) nor winds its updated_at back (GREATEST), so clock skew
// between instances shifts a bucket's refill by the skew once and never multiplies the rate.
import { z } from "zod";
import { prepared, query, type Queryable } from "../database/sql";

export const bucketSchema = z
  .object({
    key: z.string().min(1).max(200),
    capacity: z.number().int().min(1).max(1_000_000),
    perSecond: z.number().positive().max(1_000_000),
  })
  .strict();
export type Bucket = z.infer<typeof bucketSchema>;

const bucketsSchema = z
  .array(bucketSchema)
  .min(1)
  .max(8)
  // PostgreSQL refuses to update one row twice in one INSERT … ON CONFLICT.
  .refine((buckets) => new Set(buckets.map((b) => b.key)).size === buckets.length, "A bucket cannot be taken from twice in one statement.");

export type Take = { key: string; ok: true } | { key: string; ok: false; retryAfterSeconds: number };

const rowSchema = z.object({ key: z.string(), granted: z.boolean(), retry_after: z.number().int().min(0) });

// tokens and updated_at are the bucket as its last take left it; `refilled` is what it holds at this take's time.
// A new bucket starts full, less this take's token (capacity >= 1, so the first take always finds one).
const TAKE = `
INSERT INTO rate_limits AS b (key, capacity, per_second, tokens, granted, updated_at)
SELECT key, capacity, per_second, capacity - 1, true, $4::timestamptz
  FROM unnest($1::text[], $2::int[], $3::numeric[]) AS t (key, capacity, per_second)
ON CONFLICT (key) DO UPDATE
   SET (tokens, granted, updated_at, capacity, per_second) = (
         SELECT refilled - CASE WHEN refilled >= 1 THEN 1 ELSE 0 END, refilled >= 1,
                GREATEST(b.updated_at, EXCLUDED.updated_at), EXCLUDED.capacity, EXCLUDED.per_second
           FROM (SELECT LEAST(EXCLUDED.capacity::numeric, b.tokens + EXTRACT(EPOCH FROM GREATEST(EXCLUDED.updated_at - b.updated_at, interval '0')) * EXCLUDED.per_second) AS refilled) AS r)
RETURNING key, granted, CASE WHEN granted THEN 0 ELSE GREATEST(1, CEIL((1 - tokens) / per_second))::int END AS retry_after`;

/**
 * Takes one token from each bucket, in one statement; each bucket answers for itself (a bucket with a token is
 * charged even when another is empty). Answers come in the order of `buckets`.
 */
export async function takeTokens(buckets: readonly Bucket[], options: { now?: Date; client?: Queryable } = {}): Promise<Take[]> {
  const checked = bucketsSchema.parse(buckets);
  // Rows are locked in key order whatever the caller's order, so two statements sharing two buckets cannot deadlock.
  const sorted = [...checked].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const now = options.now ?? new Date();
  const statement = { text: TAKE, values: [sorted.map((b) => b.key), sorted.map((b) => b.capacity), sorted.map((b) => String(b.perSecond)), now] };
  const rows = z.array(rowSchema).length(sorted.length).parse(await query(prepared("rate-limits-take", statement), options.client));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return checked.map(({ key }) => {
    const row = byKey.get(key)!;
    return row.granted ? { key, ok: true } : { key, ok: false, retryAfterSeconds: row.retry_after };
  });
}
