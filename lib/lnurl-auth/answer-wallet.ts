// The wallet's call (LUD-04 step 3): GET <url>?tag=login&k1=…&action=…&sig=…&key=… . The k1 must be one we
// made, unexpired and unused; the signature must verify; then a "login" k1 is marked verified for the key's
// owner (the browser that holds its secret turns that into a session) and a "link" k1 links the key to the
// user who asked. Either is one conditional UPDATE of a pending row: of any number of concurrent calls with
// one k1, on any number of instances, exactly one wins; the others are told the code was used.
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { LnurlRefusal } from "../lnurl/refusal";
import type { WalletCallback } from "./schemas";
import { verifyLinkingSignature } from "./verify-signature";

const UNKNOWN = "Unknown login code. Reload the page in Sluice for a new QR code.";
const EXPIRED = "This login code has expired (codes last 5 minutes). Reload the page in Sluice for a new QR code.";
const USED = "This login code has already been used. Reload the page in Sluice for a new QR code.";
// A link code is shown to a signed-in user; if someone else scanned it first (a shared screen), their wallet
// is now linked, and the user's own wallet hears it here: say what to do about it.
const LINK_USED = "This code has already linked a wallet. If that was not this wallet, unlink it under Settings in Sluice.";
const NOT_LINKED =
  "This wallet is not linked to any Sluice account. Sign in with your password and link it under Settings first.";
const LINKED_ELSEWHERE = "This wallet is already linked to another Sluice account.";
const HAS_OTHER_KEY = "Your Sluice account already has another wallet linked. Unlink it first.";

type Challenge = { k1: string; action: "login" | "link"; status: string; expiresAt: Date; userId: string | null };

async function findUsable(k1: string, now: Date): Promise<Challenge> {
  const row = await db().lnurlAuthChallenge.findUnique({
    where: { k1 },
    select: { k1: true, action: true, status: true, expiresAt: true, userId: true },
  });
  if (!row) throw new LnurlRefusal(UNKNOWN);
  if (row.status !== "pending") throw new LnurlRefusal(row.status === "linked" ? LINK_USED : USED);
  if (row.expiresAt <= now) throw new LnurlRefusal(EXPIRED);
  return row;
}

// Tells the page why its wallet was refused. Only after a valid signature: a call with a bad signature may
// come from anyone who saw the QR code and says nothing about the user's wallet.
async function noteRefusal(k1: string, reason: string): Promise<never> {
  await db().lnurlAuthChallenge.updateMany({ where: { k1, status: "pending" }, data: { refusal: reason } });
  throw new LnurlRefusal(reason);
}

async function verifyLogin(challenge: Challenge, key: string, now: Date): Promise<void> {
  const owner = await db().lnurlAuthKey.findUnique({ where: { linkingKey: key }, select: { userId: true } });
  if (!owner) return noteRefusal(challenge.k1, NOT_LINKED);
  const won = await db().$executeRaw`
    UPDATE lnurl_auth_challenges
       SET status = 'verified', user_id = ${owner.userId}, linking_key = ${key}, verified_at = ${now}, refusal = NULL
     WHERE k1 = ${challenge.k1} AND action = 'login' AND status = 'pending' AND expires_at > ${now}`;
  if (won !== 1) throw new LnurlRefusal(USED);
}

class LinkRefused extends Error {}

async function linkKey(challenge: Challenge, key: string, now: Date): Promise<void> {
  try {
    await db().$transaction(async (tx) => {
      const won = await tx.$executeRaw`
        UPDATE lnurl_auth_challenges
           SET status = 'linked', linking_key = ${key}, verified_at = ${now}, refusal = NULL
         WHERE k1 = ${challenge.k1} AND action = 'link' AND status = 'pending' AND expires_at > ${now}`;
      if (won !== 1) throw new LnurlRefusal(LINK_USED);
      const userId = challenge.userId!;
      const [byKey, byUser] = await Promise.all([
        tx.lnurlAuthKey.findUnique({ where: { linkingKey: key }, select: { userId: true } }),
        tx.lnurlAuthKey.findUnique({ where: { userId }, select: { linkingKey: true } }),
      ]);
      if (byKey && byKey.userId !== userId) throw new LinkRefused(LINKED_ELSEWHERE);
      if (byUser && byUser.linkingKey !== key) throw new LinkRefused(HAS_OTHER_KEY);
      if (!byKey) await tx.lnurlAuthKey.create({ data: { linkingKey: key, userId, createdAt: now }, select: { userId: true } });
    });
  } catch (error) {
    // The transaction was rolled back: the k1 stays pending, so the user can still scan with another wallet.
    if (error instanceof LinkRefused) return noteRefusal(challenge.k1, error.message);
    // Another user's link of the same key (or this user's link of another key) committed first.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const byKey = await db().lnurlAuthKey.findUnique({ where: { linkingKey: key }, select: { userId: true } });
      return noteRefusal(challenge.k1, byKey && byKey.userId !== challenge.userId ? LINKED_ELSEWHERE : HAS_OTHER_KEY);
    }
    throw error;
  }
}

export async function answerWallet(call: WalletCallback, now: Date = new Date()): Promise<{ status: "OK" }> {
  const challenge = await findUsable(call.k1, now);
  if (call.action && call.action !== challenge.action) throw new LnurlRefusal(`This code is for "${challenge.action}", not "${call.action}".`);
  const verdict = verifyLinkingSignature(call);
  if (!verdict.ok) throw new LnurlRefusal(verdict.reason);
  if (challenge.action === "login") await verifyLogin(challenge, call.key, now);
  else await linkKey(challenge, call.key, now);
  return { status: "OK" };
}
