// The dashboard's summary: each domain the merchant has tried to sign in to, with the linking key used there,
// the last successful sign-in and the last attempt's outcome, most recent first.
import { db } from "../db";

export type SignedInService = {
  domain: string;
  linkingKey: string;
  lastSignedInAt: Date | null;
  lastAttemptAt: Date;
  lastStatus: "ok" | "error";
  lastError: string | null;
  attempts: number;
};

export async function listSignedInServices(merchantId: string, limit = 100): Promise<SignedInService[]> {
  const rows = await db().$queryRaw<
    { domain: string; linking_key: string; last_ok: Date | null; last_at: Date; last_status: string; last_error: string | null; attempts: number }[]
  >`
    SELECT DISTINCT ON (domain) domain, linking_key, created_at AS last_at, status AS last_status, error_reason AS last_error,
      max(created_at) FILTER (WHERE status = 'ok') OVER (PARTITION BY domain) AS last_ok,
      count(*) OVER (PARTITION BY domain)::int AS attempts
    FROM lnurl_auth_logins WHERE merchant_id = ${merchantId}
    ORDER BY domain, created_at DESC, id DESC`;
  return rows
    .map((r) => ({
      domain: r.domain,
      linkingKey: r.linking_key,
      lastSignedInAt: r.last_ok,
      lastAttemptAt: r.last_at,
      lastStatus: r.last_status === "ok" ? ("ok" as const) : ("error" as const),
      lastError: r.last_error,
      attempts: r.attempts,
    }))
    .sort((a, b) => b.lastAttemptAt.getTime() - a.lastAttemptAt.getTime())
    .slice(0, limit);
}
