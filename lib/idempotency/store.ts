// The stored Idempotency-Keys of POST requests (Stripe's rules): the first request with a key runs, and its
// answer is stored and replayed for every retry with the same key and the same request for 24 hours. The same
// key with another request (method, path or body) is refused; a retry while the first is still running gets
// 409. Keys belong to the merchant, whichever of its API keys sends them.
//
// The key row is claimed with an INSERT before the request runs, so two requests racing with one key cannot
// both run: the second finds the row. A 5xx answer is not stored (the row is released) so the request can be
// retried; every other answer, errors included, is. What must never be kept (a live withdraw link, which is
// money; a webhook endpoint's signing secret) is removed before the answer is stored, by the redaction the
// route that answered hands in (lib/withdraws/link-slots.ts, lib/webhooks/secret-in-json.ts), with the notes
// the route gave its answer (where its withdraw objects are), which are stored beside it for the replay.
// This store knows no domain: it parses the JSON, lets the redaction remove, and keeps the rest as it was
// sent. A row left running by a process that died is never taken over (the request may have taken effect):
// after RUNNING_TIMEOUT_MS the 409 says so, and the client checks with a GET before it sends the request
// again under a new key.
import { db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { JsonValue } from "../json-value";
import { requestFingerprint } from "./fingerprint";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const RUNNING_TIMEOUT_MS = 5 * 60 * 1000;

type KeyOf = { merchantId: string; key: string };
export type IdempotentRequest = KeyOf & { method: string; path: string; body: string };
/** An answer as stored: redacted, with the notes its route gave it (where it holds withdraw objects, say). */
export type StoredAnswer = { status: number; body: string; notes: JsonValue };

/** Removes, in place, what must not be kept from a parsed JSON answer, as the answer's notes say. */
export type Redact = (value: unknown, notes: JsonValue) => void;

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
    // Answers stored before notes existed have none (an empty list): their replays carry no links.
    return { status: existing.responseStatus, body: existing.responseBody, notes: (existing.linkSlots ?? []) as JsonValue };
  }
  throw new AppError("idempotency_key_in_use", "This Idempotency-Key is changing hands. Retry in a moment.");
}

/** What of an answer is kept: the JSON, read once, without what the redaction removes. */
function storable(body: string, notes: JsonValue, redact: Redact): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return body; // not JSON: carries no link and no secret
  }
  redact(value, notes);
  return JSON.stringify(value);
}

/** Stores the first run's answer, without what `redact` removes (live links, a secret), for the retries. */
export async function completeIdempotencyKey(scope: KeyOf, answer: StoredAnswer, redact: Redact): Promise<void> {
  await db().idempotencyKey.update({
    where: whereKey(scope),
    // The notes are stored in the column that first held link slots, which is what they still are.
    data: { responseStatus: answer.status, responseBody: storable(answer.body, answer.notes, redact), linkSlots: answer.notes as Prisma.InputJsonValue, completedAt: new Date() },
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
