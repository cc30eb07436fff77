// A bucket that has refilled to its capacity answers every take as a missing row would (a new bucket starts
// full), so the background work deletes it. A take racing the DELETE either finds the row gone and starts a
// full bucket, or has taken first, and the DELETE, re-checking the row it waited for, leaves it.
import { db } from "../db";

/** Deletes the rate-limit buckets that are full at `now` (background work); returns how many. */
export async function purgeFullRateLimits(now: Date = new Date()): Promise<number> {
  return db().$executeRaw`
    DELETE FROM rate_limits
     WHERE tokens + EXTRACT(EPOCH FROM GREATEST(${now}::timestamptz - updated_at, interval '0')) * per_second >= capacity`;
}
