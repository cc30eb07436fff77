// Rate limiting of the REST API: a token bucket per API key and per client address, in each process's
// memory (a request is counted by the instance that serves it, so N instances allow up to N times the
// rate; put a shared limiter in the reverse proxy when that matters). A bucket holds twice the per-second
// rate, refills continuously, and a request that finds it empty gets 429 with the seconds until a token.
import { env } from "../env";

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;

  constructor(private readonly perSecond: number) {
    this.capacity = Math.max(1, perSecond * 2);
  }

  take(id: string, now: number = Date.now()): Verdict {
    const bucket = this.buckets.get(id) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(id, bucket);
      if (this.buckets.size > 50_000) this.forgetFull(now);
      return { ok: true };
    }
    this.buckets.set(id, bucket);
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond)) };
  }

  /** Drops buckets that have refilled completely: they are the same as no bucket. */
  private forgetFull(now: number): void {
    for (const [id, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(id);
    }
  }
}

type Limits = { perKey: TokenBuckets | null; perIp: TokenBuckets | null };
const holder = globalThis as unknown as { sluiceRateLimits?: Limits };

function build(perKey: number, perIp: number): Limits {
  return { perKey: perKey > 0 ? new TokenBuckets(perKey) : null, perIp: perIp > 0 ? new TokenBuckets(perIp) : null };
}

function limits(): Limits {
  holder.sluiceRateLimits ??= build(env().apiRateLimit.perKey, env().apiRateLimit.perIp);
  return holder.sluiceRateLimits;
}

/** Replaces the configured limits (tests and benchmarks); 0 turns one off. */
export function setApiRateLimits(perSecond: { perKey: number; perIp: number }): void {
  holder.sluiceRateLimits = build(perSecond.perKey, perSecond.perIp);
}

export const limitKey = (keyId: string): Verdict => limits().perKey?.take(keyId) ?? { ok: true };
/** `address` is asked for only when a per-address limit is on (working out the client's address has a cost). */
export const limitIp = (address: () => string): Verdict => limits().perIp?.take(address()) ?? { ok: true };
