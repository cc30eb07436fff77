// Rate limiting of the REST API: a token bucket per API key ("api-key:<key id>", never the secret) and per client
// address ("api-address:<ip>"; an IPv6 address is counted as its /64, lib/rate-limits/address-bucket.ts),
// counted in PostgreSQL so that every instance draws from the same buckets. A bucket holds twice the
// per-second rate and refills continuously; a request that finds one empty gets 429 with the seconds until a
// token. Both buckets are taken in one statement (lib/rate-limits/take-tokens.ts).
// The configured rates are this process's settings, read once from the environment.
import { isAppError } from "../errors";
import { env } from "../env";
import { addressBucket } from "../rate-limits/address-bucket";
import { takeTokens, type Bucket } from "../rate-limits/take-tokens";

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };
export type Refusal = { ok: false; retryAfterSeconds: number; by: "address" | "key" };

type Rates = { perKey: number; perIp: number };
const holder = globalThis as unknown as { sluiceApiRates?: Rates };

function rates(): Rates {
  holder.sluiceApiRates ??= { perKey: env().apiRateLimit.perKey, perIp: env().apiRateLimit.perIp };
  return holder.sluiceApiRates;
}

/** Replaces the configured rates (tests and benchmarks); 0 turns one off. The buckets stay in the database. */
export function setApiRateLimits(perSecond: Rates): void {
  holder.sluiceApiRates = { ...perSecond };
}

const bucket = (key: string, perSecond: number): Bucket => ({ key, capacity: Math.max(1, perSecond * 2), perSecond });

/**
 * Authenticates a REST request and counts it against its address and its key, in one statement. A request
 * whose key is refused still counts against its address, and gets 429 rather than 401 while the address is
 * over its limit (guessing keys is limited like any other request). `address` is asked for only when the
 * per-address limit is on (working out the client's address has a cost).
 */
export async function limitApiRequest<Caller extends { keyId: string }>(
  address: () => string,
  authenticate: () => Promise<Caller>,
  now: Date = new Date(),
): Promise<{ ok: true; caller: Caller } | Refusal> {
  const { perKey, perIp } = rates();
  const byAddress = perIp > 0 ? bucket(`api-address:${addressBucket(address())}`, perIp) : null;
  let caller: Caller;
  try {
    caller = await authenticate();
  } catch (error) {
    if (byAddress && isAppError(error)) {
      const [take] = await takeTokens([byAddress], { now });
      if (!take.ok) return { ok: false, retryAfterSeconds: take.retryAfterSeconds, by: "address" };
    }
    throw error;
  }
  const byKey = perKey > 0 ? bucket(`api-key:${caller.keyId}`, perKey) : null;
  const buckets = [byAddress, byKey].filter((b): b is Bucket => b !== null);
  if (buckets.length === 0) return { ok: true, caller };
  const refused = (await takeTokens(buckets, { now })).filter((t) => !t.ok);
  if (refused.length === 0) return { ok: true, caller };
  // The client may come back when every bucket that refused it has a token again.
  return {
    ok: false,
    retryAfterSeconds: Math.max(...refused.map((t) => t.retryAfterSeconds)),
    by: refused.some((t) => t.key === byAddress?.key) ? "address" : "key",
  };
}
