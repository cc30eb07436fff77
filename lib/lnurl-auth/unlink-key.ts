import { db } from "../db";

/** Removes the user's linked wallet key: it signs nobody in from now on (also a k1 it signed a moment ago). */
export async function unlinkKey(userId: string): Promise<boolean> {
  const removed = await db().lnurlAuthKey.deleteMany({ where: { userId } });
  return removed.count > 0;
}
