// The linking keys the merchants' LNURL-auth client has shown to services, so that none of them ever becomes a
// key to sign in to Sluice with (lib/lnurl-auth/link-conflict.ts, answer-wallet.ts). Whoever can make the client
// sign (an API key, a developer) must not be able to sign in to the dashboard as a user who linked such a key.
//
// Why a record of the keys shown, rather than computing, for every merchant, the key the client would derive for
// PUBLIC_URL's host: LUD-04's k1 names no domain, and a signature over it is good wherever it is shown. A service
// at any host that the client signs in to may put Sluice's own link or login k1 in its link and pass the
// signature it receives on to Sluice's callback, so every key the client has shown matters, not only the own
// host's. The own host's key is never shown (auth-link.ts refuses that host), and a key never shown cannot sign
// anything outside Sluice. The record is exact and one indexed lookup per check, where the computation would open
// every merchant's sealed seed on every check and still miss keys shown to other hosts. The row is written before
// the signed callback leaves (sign-in-to-service.ts), so no signature exists outside Sluice for a key not yet here.
import { db, type Db, type Tx } from "../db";

/** Notes that `merchantId`'s client is about to show `linkingKey` (derived for `domain`); the first showing is kept. */
export async function recordClientKey(merchantId: string, domain: string, linkingKey: string): Promise<void> {
  await db().$executeRaw`
    INSERT INTO lnurl_auth_client_keys (linking_key, merchant_id, domain) VALUES (${linkingKey}, ${merchantId}, ${domain})
    ON CONFLICT (linking_key) DO NOTHING`;
}

/** Whether `linkingKey` is one the merchants' LNURL-auth client has shown a service. */
export async function isClientKey(client: Db | Tx, linkingKey: string): Promise<boolean> {
  return (await client.lnurlAuthClientKey.findUnique({ where: { linkingKey }, select: { linkingKey: true } })) !== null;
}
