// The next-auth "lnurl-auth" provider's check: a login k1 that a linked wallet signed, asked for by this
// browser (its secret), becomes one session, exactly once: one conditional UPDATE verified → consumed.
import { db } from "../db";
import type { SignedInUser } from "../auth/verify-credentials";
import { hashBrowserSecret } from "./browser-secret";
import { SIGN_IN_GRACE_SECONDS } from "./rules";
import { challengeQuerySchema } from "./schemas";

/** The user a verified login k1 signs in, or null (unknown, not yet signed, already used, too late, wrong secret). */
export async function consumeLogin(input: unknown, now: Date = new Date()): Promise<SignedInUser | null> {
  const parsed = challengeQuerySchema.safeParse(input);
  if (!parsed.success) return null;
  const { k1, secret } = parsed.data;
  const since = new Date(now.getTime() - SIGN_IN_GRACE_SECONDS * 1000);
  const rows = await db().$queryRaw<{ user_id: string; linking_key: string }[]>`
    UPDATE lnurl_auth_challenges SET status = 'consumed'
     WHERE k1 = ${k1} AND browser_secret_hash = ${hashBrowserSecret(secret)} AND action = 'login'
       AND status = 'verified' AND verified_at > ${since}
    RETURNING user_id, linking_key`;
  const won = rows[0];
  if (!won) return null;
  // The key may have been unlinked since the wallet signed: then it no longer signs anyone in.
  const key = await db().lnurlAuthKey.updateMany({ where: { linkingKey: won.linking_key, userId: won.user_id }, data: { lastUsedAt: now } });
  if (key.count !== 1) return null;
  const user = await db().user.update({
    where: { id: won.user_id },
    data: { lastSignInAt: now },
    select: { id: true, email: true, name: true, merchantId: true, role: true },
  });
  return user;
}
