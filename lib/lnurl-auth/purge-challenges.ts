import { db } from "../db";
import { PURGE_AFTER_EXPIRY_SECONDS } from "./rules";

/** Deletes k1s that expired a while ago, used or not, in batches (background work of every instance). */
export async function purgeExpiredChallenges(now: Date = new Date()): Promise<number> {
  const before = new Date(now.getTime() - PURGE_AFTER_EXPIRY_SECONDS * 1000);
  return db().$executeRaw`
    DELETE FROM lnurl_auth_challenges
     WHERE k1 IN (SELECT k1 FROM lnurl_auth_challenges WHERE expires_at <= ${before} LIMIT 1000)`;
}
