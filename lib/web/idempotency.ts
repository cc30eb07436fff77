// The HTTP side of Idempotency-Key on POST requests: the header is read and checked here, the key is claimed,
// completed or released in lib/idempotency/store.ts (which states the rules), and a stored answer is replayed
// as a Response marked `Idempotent-Replayed: true`.
import { AppError } from "../errors";
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, type IdempotentRequest, type StoredAnswer } from "../idempotency/store";

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
export async function withIdempotency(request: IdempotentRequest, handler: () => Promise<Response>, now: () => Date = () => new Date()): Promise<Response> {
  const stored = await claimIdempotencyKey(request, now);
  if (stored) return replay(stored);
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
  const body = await response.text();
  await completeIdempotencyKey(request, { status: response.status, body });
  return new Response(body, { status: response.status, headers: response.headers });
}

function replay(stored: StoredAnswer): Response {
  return new Response(stored.body, {
    status: stored.status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", "Idempotent-Replayed": "true" },
  });
}
