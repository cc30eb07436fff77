// How many k1s one client address may ask for, counted in PostgreSQL so that every instance draws from the same
// bucket: 30 at once, then one every two seconds (30 a minute). The database cap (create-challenge.ts) bounds
// the table whatever this lets through; this keeps one address from using up that cap for everyone. An IPv6
// address counts as its /64 (lib/rate-limits/address-bucket.ts), so one subscriber cannot spread over many.
import { addressBucket } from "../rate-limits/address-bucket";
import { takeTokens } from "../rate-limits/take-tokens";

export const CHALLENGES_PER_ADDRESS_PER_MINUTE = 30;

export type ChallengeAllowance = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts one request for a k1 from the address; refused, with the seconds to wait, when it has asked too often. */
export async function allowChallengeFrom(address: string, now: Date = new Date()): Promise<ChallengeAllowance> {
  const [take] = await takeTokens(
    [{ key: `lnurl-auth-address:${addressBucket(address)}`, capacity: CHALLENGES_PER_ADDRESS_PER_MINUTE, perSecond: CHALLENGES_PER_ADDRESS_PER_MINUTE / 60 }],
    { now },
  );
  return take.ok ? { ok: true } : { ok: false, retryAfterSeconds: take.retryAfterSeconds };
}
