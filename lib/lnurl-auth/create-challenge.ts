// A new LNURL-auth k1 for a browser: "login" on the sign-in page, "link" on a signed-in user's settings page.
//
// Why the browser gets a secret besides k1: k1 is public. It is in the QR code, so anyone who sees the screen
// (over a shoulder, in a screen share, on a camera) knows it. If knowing k1 were enough to ask "has this k1
// been signed?" and to turn it into a session, that onlooker could wait for the real user's wallet to sign
// and take the session first. So every k1 is bound to the browser that asked for it: that browser alone
// receives a second, unrelated 256-bit secret (never in the QR, never in a URL), and the database keeps only
// its SHA-256. The status endpoint and the next-auth "lnurl-auth" provider both require k1 *and* the secret;
// the wallet needs only k1. What this cannot stop is a phisher relaying their own QR code to a victim: the
// wallet shows the domain (PUBLIC_URL's host) it signs for, and that is LNURL-auth's own defence.
import { randomBytes } from "node:crypto";
import { db } from "../db";
import { AppError } from "../errors";
import { hashBrowserSecret, newBrowserSecret } from "./browser-secret";
import { authLinks, type AuthLinks, type LnurlAuthAction } from "./links";
import { CHALLENGE_TTL_SECONDS, MAX_PENDING_CHALLENGES, MAX_PENDING_LINKS_PER_USER } from "./rules";

export type NewChallenge = AuthLinks & { k1: string; secret: string; action: LnurlAuthAction; expiresAt: Date };

export type ChallengeRequest = { action: "login" } | { action: "link"; userId: string };

const TOO_MANY = "Too many Lightning sign-in codes are waiting right now. Try again in a few minutes, or use your password.";

async function assertNoLinkedKey(userId: string): Promise<void> {
  const linked = await db().lnurlAuthKey.findUnique({ where: { userId }, select: { linkingKey: true } });
  if (linked) throw new AppError("wallet_key_linked", "A wallet is already linked to your account. Unlink it first to link another.");
}

export async function createChallenge(request: ChallengeRequest, now: Date = new Date()): Promise<NewChallenge> {
  if (request.action === "link") await assertNoLinkedKey(request.userId);
  const k1 = randomBytes(32).toString("hex");
  const secret = newBrowserSecret();
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000);
  const secretHash = hashBrowserSecret(secret);
  // The caps are checked in the INSERT itself (one statement): a flood of requests cannot fill the table.
  // Concurrent inserts may overshoot a cap by the number in flight; it bounds the table, it is not a quota.
  const inserted =
    request.action === "login"
      ? await db().$executeRaw`
          INSERT INTO lnurl_auth_challenges (k1, action, browser_secret_hash, expires_at, created_at)
          SELECT ${k1}, 'login', ${secretHash}, ${expiresAt}, ${now}
           WHERE (SELECT count(*) FROM lnurl_auth_challenges WHERE status = 'pending' AND expires_at > ${now}) < ${MAX_PENDING_CHALLENGES}`
      : await db().$executeRaw`
          INSERT INTO lnurl_auth_challenges (k1, action, browser_secret_hash, user_id, expires_at, created_at)
          SELECT ${k1}, 'link', ${secretHash}, ${request.userId}, ${expiresAt}, ${now}
           WHERE (SELECT count(*) FROM lnurl_auth_challenges WHERE status = 'pending' AND expires_at > ${now}) < ${MAX_PENDING_CHALLENGES}
             AND (SELECT count(*) FROM lnurl_auth_challenges
                   WHERE user_id = ${request.userId} AND status = 'pending' AND expires_at > ${now}) < ${MAX_PENDING_LINKS_PER_USER}`;
  if (inserted !== 1) throw new AppError("rate_limited", TOO_MANY);
  return { k1, secret, action: request.action, expiresAt, ...authLinks(k1, request.action) };
}
