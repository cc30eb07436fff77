// Authorization: Bearer sk_… or HTTP Basic with the key as user name (as Stripe and Speed accept).
import { db } from "../db";
import { AppError } from "../errors";
import { hashApiKey } from "./create-api-key";

export type ApiCaller = { merchantId: string; keyId: string; scope: "full" | "read_only" };

const LAST_USED_GRANULARITY_MS = 60_000;

function keyFromHeader(header: string | null): string | null {
  if (!header) return null;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!value) return null;
  if (/^bearer$/i.test(scheme)) return value;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    return decoded.split(":")[0] || null;
  }
  return null;
}

export async function authenticateApiKey(authorization: string | null, now: Date = new Date()): Promise<ApiCaller> {
  const key = keyFromHeader(authorization);
  if (!key) {
    throw new AppError("authentication_required", "Provide your secret API key: Authorization: Bearer sk_…");
  }
  const found = key.startsWith("sk_")
    ? await db().apiKey.findUnique({ where: { keyHash: hashApiKey(key) }, select: { id: true, merchantId: true, scope: true, revokedAt: true, lastUsedAt: true } })
    : null;
  // Unknown and revoked keys get the same answer.
  if (!found || found.revokedAt) throw new AppError("api_key_invalid", "Invalid API key.");
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db().apiKey.update({ where: { id: found.id }, data: { lastUsedAt: now }, select: { id: true } });
  }
  return { merchantId: found.merchantId, keyId: found.id, scope: found.scope };
}
