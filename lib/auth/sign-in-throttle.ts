// Password guessing is throttled per account and per client address, counted in PostgreSQL so that every
// instance shares the count. A few failures are free (typos); the last free one locks the account (or address)
// for 30 seconds and each further failure for twice as long as the one before, up to 15 minutes. A locked
// attempt is refused before any password is hashed, and is not counted (it tested nothing). A success clears the account's count, never the address's (an attacker with an account
// of their own must not reset their address by signing in to it). A count older than a day starts again.
import { db } from "../db";
import { AppError } from "../errors";
import { addressBucket } from "../rate-limits/address-bucket";

export const FREE_FAILURES_PER_ACCOUNT = 5;
export const FREE_FAILURES_PER_ADDRESS = 20;
export const MAX_LOCK_SECONDS = 15 * 60;
const FORGET_AFTER_SECONDS = 24 * 60 * 60;

/**
 * The account's key, and the client address's when the check is made for a request (not for a session's own
 * form). An IPv6 address is counted as its /64, which one subscriber can fill with addresses of their own.
 */
export type ThrottleKeys = { account: string; address?: string };

export function throttleKeys(email: string, address?: string): ThrottleKeys {
  return { account: `account:${email.trim().toLowerCase()}`, ...(address !== undefined ? { address: `address:${addressBucket(address)}` } : {}) };
}

/** Seconds of lock after the n-th failure in a row: none before the `free`-th, then 30, 60, 120 … at most 900. */
export function lockSeconds(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_LOCK_SECONDS, 30 * 2 ** Math.min(failures - free, 10));
}

function wait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

/** Refuses (sign_in_throttled) while the account or the address is locked; reads one or two rows, hashes nothing. */
export async function assertNotThrottled(keys: ThrottleKeys, now: Date = new Date()): Promise<void> {
  const rows = await db().signInThrottle.findMany({
    where: { key: { in: keys.address ? [keys.account, keys.address] : [keys.account] }, lockedUntil: { gt: now } },
    select: { lockedUntil: true },
  });
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil!.getTime()));
  if (until > now.getTime()) {
    const seconds = Math.ceil((until - now.getTime()) / 1000);
    throw new AppError("sign_in_throttled", `Too many failed sign-ins. Try again in ${wait(seconds)}.`);
  }
}

async function countFailure(key: string, free: number, now: Date): Promise<number> {
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_SECONDS * 1000);
  // One UPSERT: concurrent failures on any instance each add one.
  const [row] = await db().$queryRaw<{ failures: number }[]>`
    INSERT INTO sign_in_throttles (key, failures, locked_until, updated_at) VALUES (${key}, 1, NULL, ${now})
    ON CONFLICT (key) DO UPDATE
       SET failures = CASE WHEN sign_in_throttles.updated_at < ${forgetBefore} THEN 1 ELSE sign_in_throttles.failures + 1 END,
           updated_at = ${now}
    RETURNING failures`;
  const seconds = lockSeconds(row.failures, free);
  if (seconds > 0) {
    const until = new Date(now.getTime() + seconds * 1000);
    // Never shortens a lock another instance set a moment ago.
    await db().$executeRaw`
      UPDATE sign_in_throttles SET locked_until = ${until}
       WHERE key = ${key} AND (locked_until IS NULL OR locked_until < ${until})`;
  }
  return seconds;
}

/** Counts a wrong password; returns the lock it started for the account (seconds, 0 for none). */
export async function recordFailedSignIn(keys: ThrottleKeys, now: Date = new Date()): Promise<number> {
  const [account] = await Promise.all([
    countFailure(keys.account, FREE_FAILURES_PER_ACCOUNT, now),
    keys.address ? countFailure(keys.address, FREE_FAILURES_PER_ADDRESS, now) : Promise.resolve(0),
  ]);
  return account;
}

/** A right password: the account's failures are forgiven. */
export async function clearAccountFailures(keys: ThrottleKeys): Promise<void> {
  await db().signInThrottle.deleteMany({ where: { key: keys.account } });
}

/** Deletes counts nobody has added to for a day (background work). */
export async function purgeSignInThrottles(now: Date = new Date()): Promise<number> {
  const before = new Date(now.getTime() - FORGET_AFTER_SECONDS * 1000);
  const { count } = await db().signInThrottle.deleteMany({ where: { updatedAt: { lt: before } } });
  return count;
}
