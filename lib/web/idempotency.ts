// The HTTP side of Idempotency-Key on POST requests: the header is read and checked here, the key is claimed,
// completed or released in lib/idempotency/store.ts (which states the rules), and a stored answer is replayed
// as a Response marked `Idempotent-Replayed: true`, with the links at its slots derived again for the caller.
import { AppError } from "../errors";
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, type IdempotentRequest } from "../idempotency/store";
import type { LinkAccess } from "../withdraws/link-access";
import { restoreSlotLinks, type LinkSlot } from "../withdraws/link-slots";

// Where a route's answer holds withdraw objects, as the route said when it answered (see json() in api.ts).
const slotsOfAnswer = new WeakMap<Response, LinkSlot[]>();

/** Records where `response`'s JSON holds withdraw objects, for the stored copy and its replays. */
export function withLinkSlots(response: Response, slots: LinkSlot[]): Response {
  if (slots.length > 0) slotsOfAnswer.set(response, slots);
  return response;
}

/** The authenticated caller a replay answers: links are derived again only for its merchant and grant. */
export type ReplayCaller = { merchantId: string; linkAccess: LinkAccess };

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
export async function withIdempotency(
  request: IdempotentRequest,
  caller: ReplayCaller,
  handler: () => Promise<Response>,
  now: () => Date = () => new Date(),
): Promise<Response> {
  const stored = await claimIdempotencyKey(request, now);
  if (stored) return replay(stored.status, await restoreSlotLinks(stored.body, stored.linkSlots, caller.merchantId, caller.linkAccess));
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
  await completeIdempotencyKey(request, { status: response.status, body, linkSlots: slotsOfAnswer.get(response) ?? [] });
  return new Response(body, { status: response.status, headers: response.headers });
}

function replay(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", "Idempotent-Replayed": "true" },
  });
}
