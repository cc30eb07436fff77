// Unlinking a sign-in wallet needs the account's password, like linking one (account-password.ts says why).
import { db } from "../db";
import { parseInput } from "../validation";
import { assertAccountPassword } from "./account-password";
import { walletUnlinkSchema } from "./schemas";

/** Removes the user's linked wallet key: it signs nobody in from now on (also a k1 it signed a moment ago). */
export async function unlinkWallet(userId: string, input: unknown): Promise<{ unlinked: boolean }> {
  const { password } = parseInput(walletUnlinkSchema, input);
  await assertAccountPassword(userId, password, "The wallet is still linked.");
  const removed = await db().lnurlAuthKey.deleteMany({ where: { userId } });
  return { unlinked: removed.count > 0 };
}
