import { db } from "../db";

export type LinkedKey = { linkingKey: string; createdAt: Date; lastUsedAt: Date | null };

/** The wallet key linked to a user for Sign in with Lightning, or null. */
export async function getLinkedKey(userId: string): Promise<LinkedKey | null> {
  return db().lnurlAuthKey.findUnique({ where: { userId }, select: { linkingKey: true, createdAt: true, lastUsedAt: true } });
}
