// Authorization: Bearer sk_… or HTTP Basic with the key as user name (as Stripe and Speed accept).
import { prepared, query, queryOne, sql } from "../database/sql";
import { AppError } from "../errors";
import { hashApiKey } from "./create-api-key";

export type ApiCaller = { merchantId: string; keyId: string; scope: "full" | "read_only" };

// last_used_at is written at most once a minute per key (the dashboard shows when a key was last used, to
// the minute), so that a busy key costs one statement per request, not two.
const LAST_USED_GRANULARITY_MS = 60_000;

// Keys this process is marking as used right now: requests arriving meanwhile do not queue behind the
// same row lock to write the same minute again.
const touching = new Set<string>();

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

type KeyRow = { id: string; merchant_id: string; scope: "full" | "read_only"; revoked: boolean; last_used_at: Date | null };

async function markUsed(keyId: string, now: Date): Promise<void> {
  if (touching.has(keyId)) return;
  touching.add(keyId);
  try {
    // Conditional, so that other processes marking the same minute leave the row alone.
    await query(
      prepared(
        "api-key-mark-used",
        sql`UPDATE api_keys SET last_used_at = ${now}
             WHERE id = ${keyId} AND (last_used_at IS NULL OR last_used_at < ${new Date(now.getTime() - LAST_USED_GRANULARITY_MS)})`,
      ),
    );
  } finally {
    touching.delete(keyId);
  }
}

export async function authenticateApiKey(authorization: string | null, now: Date = new Date()): Promise<ApiCaller> {
  const key = keyFromHeader(authorization);
  if (!key) {
    throw new AppError("authentication_required", "Provide your secret API key: Authorization: Bearer sk_…");
  }
  const found = key.startsWith("sk_")
    ? await queryOne<KeyRow>(
        prepared(
          "api-key-by-hash",
          sql`SELECT id, merchant_id, scope::text AS scope, revoked_at IS NOT NULL AS revoked, last_used_at
                FROM api_keys WHERE key_hash = ${hashApiKey(key)}`,
        ),
      )
    : undefined;
  // Unknown and revoked keys get the same answer.
  if (!found || found.revoked) throw new AppError("api_key_invalid", "Invalid API key.");
  if (!found.last_used_at || now.getTime() - found.last_used_at.getTime() > LAST_USED_GRANULARITY_MS) await markUsed(found.id, now);
  return { merchantId: found.merchant_id, keyId: found.id, scope: found.scope };
}
