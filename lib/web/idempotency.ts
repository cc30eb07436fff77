// Idempotency-Key on POST requests (Stripe's rules): the first request with a key runs, and its response is
// stored and replayed for every retry with the same key and the same request for 24 hours. The same key
// with another request (method, path or body) is refused; a retry while the first is still running gets
// 409. Keys belong to the merchant, whichever of its API keys sends them.
//
// The key row is claimed with an INSERT before the handler runs, so two requests racing with one key cannot
// both run: the second finds the row. A 5xx answer is not stored (the row is deleted) so the request can be
// retried; every other answer, errors included, is. A stored answer keeps no live withdraw link (a link is
// money): links are removed before the answer is stored and derived again for the caller on replay. A row left running by a process that died is never
// taken over (the request may have taken effect): after RUNNING_TIMEOUT_MS the 409 says so, and the client
// checks with a GET before it sends the request again under a new key.
import { createHash } from "node:crypto";
import { db } from "../db";
import { AppError } from "../errors";
import { withLinksFor } from "../withdraws/links-in-json";
import type { LinkAccess } from "../withdraws/serialize-withdraw";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const RUNNING_TIMEOUT_MS = 5 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Sorted keys, so that the same JSON sent with its fields in another order is the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function requestFingerprint(method: string, path: string, body: string): string {
  let normal = body.trim();
  try {
    normal = normal === "" ? "{}" : JSON.stringify(canonical(JSON.parse(normal)));
  } catch {
    // Not JSON: the handler will refuse it; compare the bytes.
  }
  return createHash("sha256").update(`${method} ${path}\n${normal}`).digest("hex");
}

export function parseIdempotencyKey(header: string | null): string | null {
  if (header === null) return null;
  if (!KEY_PATTERN.test(header)) {
    throw new AppError("idempotency_key_invalid", "The Idempotency-Key header must be 1 to 255 printable ASCII characters without spaces.");
  }
  return header;
}

type Stored = { status: number; body: string };

/**
 * Runs `handler` once per (merchant, key): returns its response, or the stored response of the first run
 * (marked with `Idempotent-Replayed: true`).
 */
export async function withIdempotency(
  scope: { merchantId: string; key: string; method: string; path: string; body: string; linkAccess: LinkAccess },
  handler: () => Promise<Response>,
  now: () => Date = () => new Date(),
): Promise<Response> {
  const fingerprint = requestFingerprint(scope.method, scope.path, scope.body);
  const where = { merchantId_key: { merchantId: scope.merchantId, key: scope.key } };
  for (let attempt = 0; attempt < 3; attempt++) {
    const at = now();
    const claimed = await db().$executeRaw`
      INSERT INTO idempotency_keys (merchant_id, key, fingerprint, method, path, created_at, expires_at)
      VALUES (${scope.merchantId}, ${scope.key}, ${fingerprint}, ${scope.method}, ${scope.path}, ${at}, ${new Date(at.getTime() + IDEMPOTENCY_TTL_MS)})
      ON CONFLICT (merchant_id, key) DO NOTHING`;
    if (claimed === 1) return run(scope, handler);

    const existing = await db().idempotencyKey.findUnique({ where });
    if (!existing) continue; // deleted meanwhile (a 5xx, or expiry): claim again
    if (existing.expiresAt.getTime() <= at.getTime()) {
      // Expired: remove exactly that row, then claim again.
      await db().idempotencyKey.deleteMany({ where: { merchantId: scope.merchantId, key: scope.key, createdAt: existing.createdAt } });
      continue;
    }
    if (existing.fingerprint !== fingerprint) {
      throw new AppError(
        "idempotency_key_reused",
        `This Idempotency-Key was already used for another request (${existing.method} ${existing.path} with other parameters). Use a new key for a new request.`,
      );
    }
    if (existing.completedAt === null || existing.responseStatus === null || existing.responseBody === null) {
      if (at.getTime() - existing.createdAt.getTime() > RUNNING_TIMEOUT_MS) {
        throw new AppError(
          "idempotency_key_in_use",
          "The first request with this Idempotency-Key was interrupted and its outcome is unknown. Check whether it took effect (list or retrieve the object) before sending it again under a new key.",
        );
      }
      throw new AppError("idempotency_key_in_use", "A request with this Idempotency-Key is still being processed. Retry in a moment.");
    }
    return replay({ status: existing.responseStatus, body: withLinksFor(existing.responseBody, scope.linkAccess) });
  }
  throw new AppError("idempotency_key_in_use", "This Idempotency-Key is changing hands. Retry in a moment.");
}

async function run(scope: { merchantId: string; key: string }, handler: () => Promise<Response>): Promise<Response> {
  const where = { merchantId_key: { merchantId: scope.merchantId, key: scope.key } };
  let response: Response;
  try {
    response = await handler();
  } catch (error) {
    await db().idempotencyKey.delete({ where }).catch(() => undefined);
    throw error;
  }
  if (response.status >= 500) {
    await db().idempotencyKey.delete({ where }).catch(() => undefined);
    return response;
  }
  const body = await response.text();
  await db().idempotencyKey.update({
    where,
    data: { responseStatus: response.status, responseBody: withLinksFor(body, "read_only_access"), completedAt: new Date() },
    select: { key: true },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

function replay(stored: Stored): Response {
  return new Response(stored.body, {
    status: stored.status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", "Idempotent-Replayed": "true" },
  });
}

/** Deletes expired keys, a batch at a time; returns how many. */
export async function purgeExpiredIdempotencyKeys(now: Date = new Date()): Promise<number> {
  return db().$executeRaw`
    DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE expires_at <= ${now} LIMIT 1000)`;
}
