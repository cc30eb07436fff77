// The HTTP side of Idempotency-Key on POST requests: the header is read and checked here, the key is claimed,
// completed or released in lib/idempotency/store.ts (which states the rules), and a stored answer is replayed
// as a Response marked `Idempotent-Replayed: true`, rebuilt for the caller by the route's redaction.
//
// No domain is known here: a route whose answer holds what must not be stored (live withdraw links, a
// signing secret) hands in its Redaction (apiRoute's `redaction`), and names with its answer the notes the
// redaction needs (json()'s third argument: where the withdraw objects are). Notes without a redaction are
// refused, so an answer that names withdraw objects is never stored with their links.
import { AppError } from "../errors";
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, type IdempotentRequest, type Redact } from "../idempotency/store";
import type { JsonValue } from "../json-value";

/**
 * How a route's answers are kept and replayed: `redact` removes, in place, what must not be stored from the
 * parsed answer; `restore` rebuilds a stored answer for the caller of a replay (links derived again for its
 * own merchant, say). Both are handed the notes the route gave its answer.
 */
export type Redaction<C> = { redact: Redact; restore: (body: string, notes: JsonValue, caller: C) => Promise<string> };

/** What routes without a redaction get: the answer is stored and replayed as it was sent. */
const KEPT_AS_SENT: Redaction<unknown> = { redact: () => undefined, restore: async (body) => body };

// The notes of a route's answer, as the route gave them when it answered (see json() in api.ts).
const notesOfAnswer = new WeakMap<Response, JsonValue[]>();

/** Records the notes of `response` (where its JSON holds withdraw objects), for the stored copy and its replays. */
export function withAnswerNotes(response: Response, notes: JsonValue[]): Response {
  if (notes.length > 0) notesOfAnswer.set(response, notes);
  return response;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function parseIdempotencyKey(header: string | null): string | null {
  if (header === null) return null;
  if (!KEY_PATTERN.test(header)) {
    throw new AppError("idempotency_key_invalid", "The Idempotency-Key header must be 1 to 255 printable ASCII characters without spaces.");
  }
  return header;
}

/**
 * Runs `handler` once per (merchant, key): returns its response, or the stored response of the first run.
 * A 5xx answer, or a handler that throws, releases the key so that the request can be retried.
 */
export async function withIdempotency<C>(
  request: IdempotentRequest,
  caller: C,
  handler: () => Promise<Response>,
  redaction: Redaction<C> | undefined,
  now: () => Date = () => new Date(),
): Promise<Response> {
  const kept = redaction ?? KEPT_AS_SENT;
  const stored = await claimIdempotencyKey(request, now);
  if (stored) return replay(stored.status, await kept.restore(stored.body, stored.notes, caller));
  let response: Response;
  try {
    response = await handler();
  } catch (error) {
    await releaseIdempotencyKey(request);
    throw error;
  }
  if (response.status >= 500) {
    await releaseIdempotencyKey(request);
    return response;
  }
  const notes = notesOfAnswer.get(response) ?? [];
  if (notes.length > 0 && !redaction) {
    // The answer names withdraw objects but its route handed in no redaction: storing it would keep their links.
    await releaseIdempotencyKey(request);
    throw new Error("An answer with notes (withdraw objects) came from a route without a redaction; it is not stored.");
  }
  const body = await response.text();
  await completeIdempotencyKey(request, { status: response.status, body, notes }, kept.redact);
  return new Response(body, { status: response.status, headers: response.headers });
}

function replay(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", "Idempotent-Replayed": "true" },
  });
}
