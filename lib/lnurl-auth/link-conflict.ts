// One key per user, and a key belongs to one user only (both are unique in lnurl_auth_keys); and no key the
// merchants' LNURL-auth client has shown a service (lib/lnurl-auth-client/client-keys.ts says why those, all of
// them). Checked when a wallet proposes its key, so the wallet and the page hear it at once, and again in the
// transaction that links it, because a proposal may wait minutes for the account holder's password.
import type { Db, Tx } from "../db";
import { isClientKey } from "../lnurl-auth-client/client-keys";

export const LINKED_ELSEWHERE = "This wallet is already linked to another Sluice account.";
export const HAS_OTHER_KEY = "Your Sluice account already has another wallet linked. Unlink it first.";
const ALREADY_YOURS = "This wallet is already linked to your Sluice account.";
export const CLIENT_KEY =
  "This key is one Sluice signs in to other services with (a merchant's LNURL-auth key): it cannot sign in to Sluice. Use your own wallet.";

/** Why `key` cannot be linked to `userId` now, or null when it can. */
export async function linkConflict(client: Db | Tx, userId: string, key: string): Promise<string | null> {
  const [clientKey, byKey, byUser] = await Promise.all([
    isClientKey(client, key),
    client.lnurlAuthKey.findUnique({ where: { linkingKey: key }, select: { userId: true } }),
    client.lnurlAuthKey.findUnique({ where: { userId }, select: { linkingKey: true } }),
  ]);
  if (clientKey) return CLIENT_KEY;
  if (byKey && byKey.userId !== userId) return LINKED_ELSEWHERE;
  if (byUser) return byUser.linkingKey === key ? ALREADY_YOURS : HAS_OTHER_KEY;
  return null;
}
