// The account holder's confirmation of a proposed wallet key (answer-wallet.ts explains why a signature only
// proposes). Three things must come together: the browser that asked for the link code (its secret), the
// signed-in user it was made for, and that user's password. Then, in one transaction, one conditional UPDATE
// proposed → linked (of concurrent confirmations exactly one wins) and the key row. A wrong password, a
// conflict or an expired proposal changes nothing.
import { db } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { recordSecurityEvent } from "../security-log/record-security-event";
import { parseInput } from "../validation";
import { assertAccountPassword } from "./account-password";
import { hashBrowserSecret } from "./browser-secret";
import { HAS_OTHER_KEY, LINKED_ELSEWHERE, linkConflict } from "./link-conflict";
import { walletLinkConfirmationSchema } from "./schemas";

const NOTHING_LINKED = "No wallet was linked.";
const UNAVAILABLE =
  "This link code has expired or cannot be confirmed any more (codes last 5 minutes). No wallet was linked: show a new code and scan it again.";

/** Links the key a wallet proposed on `k1` to `userId`; returns it. Throws an AppError saying why not. */
export async function confirmWalletLink(userId: string, input: unknown, now: Date = new Date()): Promise<{ linkingKey: string }> {
  const { k1, secret, password } = parseInput(walletLinkConfirmationSchema, input);
  await assertAccountPassword(userId, password, NOTHING_LINKED);
  try {
    return await db().$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ linking_key: string }[]>`
        UPDATE lnurl_auth_challenges SET status = 'linked'
         WHERE k1 = ${k1} AND browser_secret_hash = ${hashBrowserSecret(secret)} AND user_id = ${userId}
           AND action = 'link' AND status = 'proposed' AND expires_at > ${now}
        RETURNING linking_key`;
      const key = rows[0]?.linking_key;
      if (!key) throw new AppError("wallet_link_unavailable", UNAVAILABLE);
      const conflict = await linkConflict(tx, userId, key);
      // Thrown inside the transaction, so that it rolls back: the proposal stays as it was.
      if (conflict) throw new AppError("wallet_key_linked", `${conflict} ${NOTHING_LINKED}`);
      // A plain INSERT, never an upsert: of two users confirming one key at once, the second must fail on the
      // unique key, not quietly "update" the first user's row and report success.
      await tx.lnurlAuthKey.create({ data: { linkingKey: key, userId, createdAt: now }, select: { userId: true } });
      // The linking key is public (it only verifies signatures), so the log may name it.
      await recordSecurityEvent({ kind: "wallet_linked", actorUserId: userId, subject: key }, tx);
      return { linkingKey: key };
    });
  } catch (error) {
    // The transaction was rolled back, and nothing is linked. Another user's link of the same key (or this user's link of another key) committed first.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const own = await db().lnurlAuthKey.findUnique({ where: { userId }, select: { linkingKey: true } });
      throw new AppError("wallet_key_linked", `${own ? HAS_OTHER_KEY : LINKED_ELSEWHERE} ${NOTHING_LINKED}`);
    }
    throw error;
  }
}
