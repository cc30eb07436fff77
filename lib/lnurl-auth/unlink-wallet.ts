// Unlinking a sign-in wallet needs the account's password, like linking one (account-password.ts says why).
import { db } from "../db";
import { recordSecurityEvent } from "../security-log/record-security-event";
import { parseInput } from "../validation";
import { assertAccountPassword } from "./account-password";
import { walletUnlinkSchema } from "./schemas";

/** Removes the user's linked wallet key: it signs nobody in from now on (also a k1 it signed a moment ago). */
export async function unlinkWallet(userId: string, input: unknown): Promise<{ unlinked: boolean }> {
  const { password } = parseInput(walletUnlinkSchema, input);
  await assertAccountPassword(userId, password, "The wallet is still linked.");
  return db().$transaction(async (tx) => {
    const removed = await tx.lnurlAuthKey.deleteMany({ where: { userId } });
    if (removed.count > 0) await recordSecurityEvent({ kind: "wallet_unlinked", actorUserId: userId }, tx);
    return { unlinked: removed.count > 0 };
  });
}
