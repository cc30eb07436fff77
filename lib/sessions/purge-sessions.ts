import { db } from "../db";
import { PURGE_ENDED_SESSIONS_AFTER_SECONDS, SESSION_IDLE_SECONDS } from "./rules";

/** Deletes sessions that ended (revoked, expired or idle) a week ago or more (background work). */
export async function purgeEndedSessions(now: Date = new Date()): Promise<number> {
  const before = new Date(now.getTime() - PURGE_ENDED_SESSIONS_AFTER_SECONDS * 1000);
  const idleBefore = new Date(before.getTime() - SESSION_IDLE_SECONDS * 1000);
  const { count } = await db().userSession.deleteMany({
    where: { OR: [{ revokedAt: { lt: before } }, { expiresAt: { lt: before } }, { lastSeenAt: { lt: idleBefore } }] },
  });
  return count;
}
