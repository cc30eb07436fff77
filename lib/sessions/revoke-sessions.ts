import { db, type Tx } from "../db";

/** Ends one session (sign-out). Ending it twice changes nothing. */
export async function revokeSession(sessionId: string, now: Date = new Date()): Promise<void> {
  await db().userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
}

/**
 * Ends every session of a user, but `except` (the session that asked, for a password change), at once on every
 * instance: each request reads its session row. Returns how many ended.
 */
export async function revokeUserSessions(userId: string, options: { except?: string; now?: Date } = {}, client: Tx = db()): Promise<number> {
  const { count } = await client.userSession.updateMany({
    where: { userId, revokedAt: null, ...(options.except ? { id: { not: options.except } } : {}) },
    data: { revokedAt: options.now ?? new Date() },
  });
  return count;
}
