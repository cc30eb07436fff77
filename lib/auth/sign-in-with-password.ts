// Password sign-in: throttle check first (no hashing for a locked account or address), then the password, then
// the count of failures, the security log and, on success, a new server-side session.
import { db } from "../db";
// This verb stands above the rest of lib/auth/: its imports of the security log and sessions run back up and
// are named in tests/unit/layers.test.ts.
import { recordSecurityEvent } from "../security-log/record-security-event";
import { openSession, type SessionUser } from "../sessions/open-session";
import { credentialsSchema } from "./schemas";
import { assertNotThrottled, clearAccountFailures, recordFailedSignIn, throttleKeys } from "./sign-in-throttle";
import { verifyCredentials } from "./verify-credentials";

/** The signed-in user with their new session, or null for a wrong email or password; throws sign_in_throttled. */
export async function signInWithPassword(input: unknown, address: string, now: Date = new Date()): Promise<SessionUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const keys = throttleKeys(parsed.data.email, address);
  await assertNotThrottled(keys, now);
  const user = await verifyCredentials(parsed.data);
  if (!user) {
    const lockedSeconds = await recordFailedSignIn(keys, now);
    // Shown to the owners of the account's merchant; an email that belongs to nobody is kept with no merchant.
    const owner = await db().user.findUnique({ where: { email: parsed.data.email }, select: { merchantId: true } });
    await recordSecurityEvent({
      kind: "sign_in_failed",
      merchantId: owner?.merchantId ?? null,
      subject: parsed.data.email,
      address,
      detail: { method: "password", ...(lockedSeconds > 0 ? { locked_seconds: lockedSeconds } : {}) },
    });
    return null;
  }
  await clearAccountFailures(keys);
  return openSession(user, "password", address, now);
}
