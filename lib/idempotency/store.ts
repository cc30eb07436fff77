// The stored Idempotency-Keys of POST requests (Stripe's rules): the first request with a key runs, and its
// answer is stored and replayed for every retry with the same key and the same request for 24 hours. The same
// key with another request (method, path or body) is refused; a retry while the first is still running gets
// 409. Keys belong to the merchant, whichever of its API keys sends them.
//
// The key row is claimed with an INSERT before the request runs, so two requests racing with one key cannot
// both run: the second finds the row. A 5xx answer is not stored (the row is released) so the request can be
// retried; every other answer, errors included, is. A stored answer keeps no live withdraw link (a link is
// money): the route names where its answer holds withdraw objects (link slots), their links are removed
// there before the answer is stored, and a replay re-reads those withdraws for the caller's own merchant to
// derive them again (lib/withdraws/link-slots.ts); the rest of the answer is kept as it was sent. Nor a
// webhook endpoint's signing secret: it is dropped, and a replay answers the endpoint without it. A row
// left running by a process that died is never taken over (the request may have taken effect): after
// RUNNING_TIMEOUT_MS the 409 says so, and the client checks with a GET before it sends the request again
// under a new key.
import { db } from "../db";
import { AppError } from "../errors";
import { dropEndpointSecret } from "../webhooks/secret-in-json";
import { dropSlotLinks, linkSlotsSchema, type LinkSlot } from "../withdraws/link-slots";
import { requestFingerprint } from "./fingerprint";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const RUNNING_TIMEOUT_MS = 5 * 60 * 1000;

type KeyOf = { merchantId: string; key: string };
export type IdempotentRequest = KeyOf & { method: string; path: string; body: string };
/** An answer as stored: without the links of the withdraw objects at `linkSlots`. */
export type StoredAnswer = { status: number; body: string; linkSlots: LinkSlot[] };

const whereKey = (scope: KeyOf) => ({ merchantId_key: { merchantId: scope.merchantId, key: scope.key } });

/**
 * Claims the key for `request`: null when this request is the first and must run (then complete or release
 * the key), or the answer stored by the first run. Throws idempotency_key_reused for another request under
 * the key, and idempotency_key_in_use while the first run has no answer.
 */
export async function claimIdempotencyKey(request: IdempotentRequest, now: () => Date = () => new Date()): Promise<StoredAnswer | null> {
  const fingerprint = requestFingerprint(request.method, request.path, request.body);
  for (let attempt = 0; attempt < 3; attempt++) {
    const at = now();
    const claimed = await db().$executeRaw`
      INSERT INTO idempotency_keys (merchant_id, key, fingerprint, method, path, created_at, expires_at)
      VALUES (${request.merchantId}, ${request.key}, ${fingerprint}, ${request.method}, ${request.path}, ${at}, ${new Date(at.getTime() + IDEMPOTENCY_TTL_MS)})
      ON CONFLICT (merchant_id, key) DO NOTHING`;
    if (claimed === 1) return null;

    const existing = await db().idempotencyKey.findUnique({ where: whereKey(request) });
    if (!existing) continue; // deleted meanwhile (a 5xx, or expiry): claim again
    if (existing.expiresAt.getTime() <= at.getTime()) {
      // Expired: remove exactly that row, then claim again.
      await db().idempotencyKey.deleteMany({ where: { merchantId: request.merchantId, key: request.key, createdAt: existing.createdAt } });
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
    // Answers stored before link slots existed have none: their replays carry no links.
    return { status: existing.responseStatus, body: existing.responseBody, linkSlots: linkSlotsSchema.parse(existing.linkSlots ?? []) };
  }
  throw new AppError("idempotency_key_in_use", "This Idempotency-Key is changing hands. Retry in a moment.");
}

/** What of an answer is kept: the JSON, read once, without the links at its slots or a webhook endpoint's secret. */
function storable(body: string, slots: readonly LinkSlot[]): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return body; // not JSON: carries neither
  }
  dropSlotLinks(value, slots);
  dropEndpointSecret(value);
  return JSON.stringify(value);
}

/** Stores the first run's answer, without its live links or a webhook endpoint's secret, for the retries. */
export async function completeIdempotencyKey(scope: KeyOf, answer: StoredAnswer): Promise<void> {
  await db().idempotencyKey.update({
    where: whereKey(scope),
    data: { responseStatus: answer.status, responseBody: storable(answer.body, answer.linkSlots), linkSlots: answer.linkSlots, completedAt: new Date() },
    select: { key: true },
  });
}

/**
 * Frees the key after a run that failed or answered 5xx, so that the request can be retried. A failure to
 * free it is ignored: the caller gets the run's own error or answer, and the row ends as an interrupted run.
 */
export async function releaseIdempotencyKey(scope: KeyOf): Promise<void> {
  await db()
    .idempotencyKey.delete({ where: whereKey(scope) })
    .catch(() => undefined);
}

/** Deletes expired keys, a batch at a time; returns how many. */
export async function purgeExpiredIdempotencyKeys(now: Date = new Date()): Promise<number> {
  return db().$executeRaw`
    DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE expires_at <= ${now} LIMIT 1000)`;
}
