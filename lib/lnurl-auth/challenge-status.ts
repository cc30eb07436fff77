// What the page that showed a QR code may know about its k1: asked with the k1 and the browser's secret
// (see create-challenge.ts), so nobody else learns when the wallet has signed.
import { db } from "../db";
import { hashBrowserSecret } from "./browser-secret";
import type { ChallengeQuery } from "./schemas";

export type ChallengeStatus =
  | { status: "unknown" }
  | { status: "pending"; expiresAt: Date; refusal: string | null }
  | { status: "expired" }
  | { status: "verified" }
  | { status: "proposed"; linkingKey: string; expiresAt: Date }
  | { status: "linked"; linkingKey: string }
  | { status: "used" };

export async function challengeStatus(query: ChallengeQuery, now: Date = new Date()): Promise<ChallengeStatus> {
  const row = await db().lnurlAuthChallenge.findUnique({
    where: { k1: query.k1 },
    select: { status: true, browserSecretHash: true, expiresAt: true, refusal: true, linkingKey: true },
  });
  // The hashes are compared, not the secrets: a timing difference says nothing about the secret.
  if (!row || row.browserSecretHash !== hashBrowserSecret(query.secret)) return { status: "unknown" };
  switch (row.status) {
    case "pending":
      return row.expiresAt <= now ? { status: "expired" } : { status: "pending", expiresAt: row.expiresAt, refusal: row.refusal };
    case "verified":
      return { status: "verified" };
    // A wallet signed the link code: the page shows its key and asks for the password, until the k1 expires.
    case "proposed":
      return row.expiresAt <= now ? { status: "expired" } : { status: "proposed", linkingKey: row.linkingKey!, expiresAt: row.expiresAt };
    case "linked":
      return { status: "linked", linkingKey: row.linkingKey! };
    case "consumed":
      return { status: "used" };
  }
}
