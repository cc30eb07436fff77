// The one wrapper around REST route handlers: rate limits, API-key authentication, scope, Idempotency-Key on
// POST, JSON body parsing, and the REST adapter of the error table (lib/errors.ts): every error becomes
// { error: { type, code, message, param } } with its HTTP status. Internal errors are logged, never sent.
import { authenticateApiKey, type ApiCaller } from "../api-keys/authenticate-api-key";
import { assertAllowed, principalOfKey, type Action, type Principal } from "../auth/permissions";
import { answerOf, AppError, ERROR_TABLE } from "../errors";
import type { JsonValue } from "../json-value";
import { linkAccessFor, type LinkAccess } from "../withdraws/link-access";
import { parseIdempotencyKey, withAnswerNotes, withIdempotency, type Redaction } from "./idempotency";
import { clientAddress } from "./client-address";
import { jsonHeaders, jsonResponse } from "./json-response";
import { limitApiRequest, type Verdict } from "./rate-limit";
import { readBodyText, readJsonBody } from "./read-body";

type Context<P> = { params: Promise<P> };
/** The authenticated key: its merchant, its principal, and its link access (a grant for its own merchant, or why not). */
type Caller = ApiCaller & { principal: Principal; linkAccess: LinkAccess };
type Handler<P> = (args: { request: Request; caller: Caller; params: P }) => Promise<Response>;

const JSON_HEADERS = jsonHeaders({ "Cache-Control": "no-store" });

/**
 * The REST adapter of the error table: anything thrown becomes its status and { error: { type, code, message,
 * param } } as lib/errors.ts says (unknown errors are logged, and answered as internal_error).
 */
export function errorResponse(thrown: unknown, where = "[api]"): Response {
  const { error, message } = answerOf(thrown, "rest", where);
  const { status, type, retryAfterSeconds } = ERROR_TABLE[error.code];
  // A kind of error may say more (a batch lists its bad rows, for the integrator to fix the file).
  const more = error.restFields();
  const response = jsonResponse({ error: { type, code: error.code, message, ...(error.param ? { param: error.param } : {}), ...more } }, status, JSON_HEADERS);
  if (retryAfterSeconds) response.headers.set("Retry-After", String(retryAfterSeconds));
  return response;
}

const toErrorResponse = (request: Request, thrown: unknown): Response => errorResponse(thrown, `[api] ${request.method} ${new URL(request.url).pathname}`);

function rateLimited(verdict: Verdict & { ok: false }, who: string): Response {
  const response = errorResponse(new AppError("rate_limited", `Too many requests ${who}. Retry after ${verdict.retryAfterSeconds} s.`));
  response.headers.set("Retry-After", String(verdict.retryAfterSeconds));
  return response;
}

/**
 * Counts a REST request against its address and key and authenticates its key: the caller, or the 429 to
 * answer. A missing or refused key throws, for errorResponse.
 */
export async function authenticateRequest(request: Request): Promise<{ ok: true; caller: Caller } | { ok: false; response: Response }> {
  const limited = await limitApiRequest(() => clientAddress(request.headers), () => authenticateApiKey(request.headers.get("authorization")));
  if (!limited.ok) return { ok: false, response: rateLimited(limited, limited.by === "address" ? "from this address" : "with this API key") };
  const key = limited.caller;
  const principal = principalOfKey(key.scope);
  return { ok: true, caller: { ...key, principal, linkAccess: linkAccessFor({ merchantId: key.merchantId, principal }) } };
}

/**
 * A REST handler for one action of the permission table: a key whose scope does not allow it is refused. A
 * route whose POST answer holds what an Idempotency-Key's stored copy must not keep (live withdraw links, a
 * signing secret) hands in its `redaction`; apiRoute knows no domain.
 */
export function apiRoute<P = Record<string, never>>(options: { action: Action; redaction?: Redaction<Caller> }, handler: Handler<P>) {
  return async (request: Request, context: Context<P>): Promise<Response> => {
    try {
      const authenticated = await authenticateRequest(request);
      if (!authenticated.ok) return authenticated.response;
      const caller = authenticated.caller;
      assertAllowed(caller.principal, options.action);
      const params = await context.params;
      const idempotencyKey = request.method === "POST" ? parseIdempotencyKey(request.headers.get("idempotency-key")) : null;
      if (!idempotencyKey) return await handler({ request, caller, params });
      // The body is read once here, for the request's fingerprint, and handed on to the handler.
      const body = await readBodyText(request);
      const replayable = new Request(request.url, { method: request.method, headers: request.headers, body: body || undefined });
      const path = new URL(request.url).pathname;
      return await withIdempotency(
        { merchantId: caller.merchantId, key: idempotencyKey, method: request.method, path, body },
        caller,
        () => handler({ request: replayable, caller, params }).catch((error: unknown) => toErrorResponse(request, error)),
        options.redaction,
      );
    } catch (error) {
      return toErrorResponse(request, error);
    }
  };
}

/** The request's JSON body through the one capped reader: a clear 400 for malformed JSON, 413 past the cap. */
export const readJson = (request: Request): Promise<unknown> => readJsonBody(request);

/**
 * A JSON answer. An answer that holds withdraw objects names where (`notes`: its link slots), so that the
 * route's redaction drops exactly their links from an Idempotency-Key's stored copy and derives them again
 * for the caller of a replay.
 */
export function json(body: unknown, status = 200, notes: JsonValue[] = []): Response {
  return withAnswerNotes(jsonResponse(body, status, JSON_HEADERS), notes);
}
