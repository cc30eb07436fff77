// The wallet's call (LUD-04 step 3): GET <url>?tag=login&k1=…&action=…&sig=…&key=… . The k1 must be one we
// made, unexpired and unused; the signature must verify; then a "login" k1 is marked verified for the key's
// owner (the browser that holds its secret turns that into a session) and a "link" k1 records the key as
// *proposed* for the user who asked. Either is one conditional UPDATE of a pending row: of any number of
// concurrent calls with one k1, on any number of instances, exactly one wins; the others are told the code
// was used.
//
// Why a link is only proposed here: the link k1 is public (it is in the QR code), so the wallet that signs it
// first may be anyone's who saw the screen. Linking it at once would hand that onlooker a permanent way to
// sign in as the account holder. The key is linked only when the browser that asked for the code confirms it
// with its own secret and the account's password (confirm-wallet-link.ts), after showing its fingerprint.
import { db } from "../db";
import { lnurlRefusal } from "../lnurl/refusal";
import { isClientKey } from "../lnurl-auth-client/client-keys";
import { CLIENT_KEY, linkConflict } from "./link-conflict";
import type { WalletCallback } from "./schemas";
import { verifyLinkingSignature } from "./verify-signature";

const UNKNOWN = "Unknown login code. Reload the page in Sluice for a new QR code.";
const EXPIRED = "This login code has expired (codes last 5 minutes). Reload the page in Sluice for a new QR code.";
const USED = "This login code has already been used. Reload the page in Sluice for a new QR code.";
// A link code is shown to a signed-in user; if someone else scanned it first (a shared screen), their key is
// what the page now offers to link, and the user's own wallet hears it here: say what to do about it.
const LINK_USED =
  "A wallet has already scanned this link code. If that was not this wallet, do not confirm it in Sluice: show a new code and scan that.";
const NOT_LINKED =
  "This wallet is not linked to any Sluice account. Sign in with your password and link it under Settings first.";

type Challenge = { k1: string; action: "login" | "link"; status: string; expiresAt: Date; userId: string | null };

async function findUsable(k1: string, now: Date): Promise<Challenge> {
  const row = await db().lnurlAuthChallenge.findUnique({
    where: { k1 },
    select: { k1: true, action: true, status: true, expiresAt: true, userId: true },
  });
  if (!row) throw lnurlRefusal(UNKNOWN);
  if (row.status !== "pending") throw lnurlRefusal(row.action === "link" ? LINK_USED : USED);
  if (row.expiresAt <= now) throw lnurlRefusal(EXPIRED);
  return row;
}

// Tells the page why its wallet was refused. Only after a valid signature: a call with a bad signature may
// come from anyone who saw the QR code and says nothing about the user's wallet.
async function noteRefusal(k1: string, reason: string): Promise<never> {
  await db().lnurlAuthChallenge.updateMany({ where: { k1, status: "pending" }, data: { refusal: reason } });
  throw lnurlRefusal(reason);
}

async function verifyLogin(challenge: Challenge, key: string, now: Date): Promise<void> {
  const [owner, clientKey] = await Promise.all([
    db().lnurlAuthKey.findUnique({ where: { linkingKey: key }, select: { userId: true } }),
    // A merchant's client key signs nobody in, even one linked before linking refused them (link-conflict.ts).
    isClientKey(db(), key),
  ]);
  if (clientKey) return noteRefusal(challenge.k1, CLIENT_KEY);
  if (!owner) return noteRefusal(challenge.k1, NOT_LINKED);
  const won = await db().$executeRaw`
    UPDATE lnurl_auth_challenges
       SET status = 'verified', user_id = ${owner.userId}, linking_key = ${key}, verified_at = ${now}, refusal = NULL
     WHERE k1 = ${challenge.k1} AND action = 'login' AND status = 'pending' AND expires_at > ${now}`;
  if (won !== 1) throw lnurlRefusal(USED);
}

async function proposeKey(challenge: Challenge, key: string, now: Date): Promise<void> {
  const conflict = await linkConflict(db(), challenge.userId!, key);
  // The k1 stays pending, so the user can still scan with another wallet.
  if (conflict) return noteRefusal(challenge.k1, conflict);
  const won = await db().$executeRaw`
    UPDATE lnurl_auth_challenges
       SET status = 'proposed', linking_key = ${key}, verified_at = ${now}, refusal = NULL
     WHERE k1 = ${challenge.k1} AND action = 'link' AND status = 'pending' AND expires_at > ${now}`;
  if (won !== 1) throw lnurlRefusal(LINK_USED);
}

export async function answerWallet(call: WalletCallback, now: Date = new Date()): Promise<{ status: "OK" }> {
  const challenge = await findUsable(call.k1, now);
  if (call.action && call.action !== challenge.action) throw lnurlRefusal(`This code is for "${challenge.action}", not "${call.action}".`);
  const verdict = verifyLinkingSignature(call);
  if (!verdict.ok) throw lnurlRefusal(verdict.reason);
  if (challenge.action === "login") await verifyLogin(challenge, call.key, now);
  else await proposeKey(challenge, call.key, now);
  return { status: "OK" };
}
