// How often the claim page's actions (paste an invoice, send to a Lightning Address or LNURL-pay) may be tried:
// a token bucket per claim link and one per client address, counted in PostgreSQL so that every instance draws
// from the same buckets (lib/rate-limits/take-tokens.ts). Each holds the configured attempts per minute
// (CLAIM_RATE_LIMIT_PER_LINK, CLAIM_RATE_LIMIT_PER_IP) and refills continuously. The link's bucket stops one
// link's holder from hammering invoice checks and outside services; the address's stops one client from
// spreading attempts (or guesses at secrets) over many links. Every attempt counts, whatever its outcome, and
// a refused one is refused before the withdraw is looked up or any service is called: it changes nothing.
import { createHash } from "node:crypto";
import { env } from "../env";
import { AppError } from "../errors";
import { addressBucket } from "../rate-limits/address-bucket";
import { takeTokens, type Bucket } from "../rate-limits/take-tokens";

const bucket = (key: string, perMinute: number): Bucket => ({ key, capacity: perMinute, perSecond: perMinute / 60 });

// The link's bucket is keyed by a hash of its secret, never the secret (it is the capability to take the money).
const linkKey = (secret: string) => `claim-link:${createHash("sha256").update(`claim-limit:${secret}`).digest("hex")}`;

/**
 * Counts one claim attempt on the link `secret` from `address` (the client's address as lib/web/client-address.ts
 * works it out; an IPv6 address counts as its /64, as for every per-address limit); throws rate_limited, with the seconds to wait, when either bucket is empty.
 */
export async function limitClaimAttempt(secret: string, address: string, now: Date = new Date()): Promise<void> {
  const { perLink, perIp } = env().claimRateLimit;
  const byLink = perLink > 0 ? bucket(linkKey(secret), perLink) : null;
  const byAddress = perIp > 0 ? bucket(`claim-address:${addressBucket(address)}`, perIp) : null;
  const buckets = [byLink, byAddress].filter((b): b is Bucket => b !== null);
  if (buckets.length === 0) return;
  const refused = (await takeTokens(buckets, { now })).filter((t) => !t.ok);
  if (refused.length === 0) return;
  // The customer may come back when every bucket that refused has a token again.
  const wait = Math.max(...refused.map((t) => t.retryAfterSeconds));
  const which = refused.some((t) => t.key === byLink?.key) ? "on this claim link" : "from your address";
  throw new AppError("rate_limited", `Too many attempts ${which}, try again in ${wait} s.`);
}
