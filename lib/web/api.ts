// The one wrapper around REST route handlers: rate limits, API-key authentication, scope, Idempotency-Key on
// POST, JSON body parsing, and the mapping of every error to { error: { type, code, message, param } } with
// its HTTP status from the one table in lib/errors.ts. Internal errors are logged, never sent.
import { authenticateApiKey, type ApiCaller } from "../api-keys/authenticate-api-key";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "../database/unavailable";
import { AppError, isAppError } from "../errors";
import { parseIdempotencyKey, withIdempotency } from "./idempotency";
import { readBodyText, readJsonBody } from "./read-body";
import { clientAddress, limitIp, limitKey, type Verdict } from "./rate-limit";

type Context<P> = { params: Promise<P> };
type Handler<P> = (args: { request: Request; caller: ApiCaller; params: P }) => Promise<Response>;

export function errorResponse(error: AppError): Response {
  return Response.json(
    { error: { type: error.type, code: error.code, message: error.message, ...(error.param ? { param: error.param } : {}) } },
    { status: error.status, headers: { "Cache-Control": "no-store" } },
  );
}

function toErrorResponse(request: Request, error: unknown): Response {
  if (isAppError(error)) return errorResponse(error);
  if (isDatabaseUnavailable(error)) {
    console.error(`[api] ${request.method} ${new URL(request.url).pathname}: database unavailable: ${(error as Error).message.trim().split("\n").pop()}`);
    const response = errorResponse(new AppError("database_unavailable", DATABASE_UNAVAILABLE_MESSAGE));
    response.headers.set("Retry-After", "5");
    return response;
  }
  console.error(`[api] ${request.method} ${new URL(request.url).pathname}:`, error);
  return errorResponse(new AppError("internal_error", "Something went wrong on our side. Try again later."));
}

function rateLimited(verdict: Verdict & { ok: false }, who: string): Response {
  const response = errorResponse(new AppError("rate_limited", `Too many requests ${who}. Retry after ${verdict.retryAfterSeconds} s.`));
  response.headers.set("Retry-After", String(verdict.retryAfterSeconds));
  return response;
}

export function apiRoute<P = Record<string, never>>(options: { write: boolean }, handler: Handler<P>) {
  return async (request: Request, context: Context<P>): Promise<Response> => {
    try {
      const byAddress = limitIp(clientAddress(request));
      if (!byAddress.ok) return rateLimited(byAddress, "from this address");
      const caller = await authenticateApiKey(request.headers.get("authorization"));
      const byKey = limitKey(caller.keyId);
      if (!byKey.ok) return rateLimited(byKey, "with this API key");
      if (options.write && caller.scope !== "full") {
        throw new AppError("insufficient_scope", "This API key is read-only; use a key with full access for this request.");
      }
      const params = await context.params;
      const key = request.method === "POST" ? parseIdempotencyKey(request.headers.get("idempotency-key")) : null;
      if (!key) return await handler({ request, caller, params });
      // The body is read once here, for the request's fingerprint, and handed on to the handler.
      const body = await readBodyText(request);
      const replayable = new Request(request.url, { method: request.method, headers: request.headers, body: body || undefined });
      const path = new URL(request.url).pathname;
      return await withIdempotency({ merchantId: caller.merchantId, key, method: request.method, path, body }, () =>
        handler({ request: replayable, caller, params }).catch((error: unknown) => toErrorResponse(request, error)),
      );
    } catch (error) {
      return toErrorResponse(request, error);
    }
  };
}

/** The request's JSON body through the one capped reader: a clear 400 for malformed JSON, 413 past the cap. */
export const readJson = (request: Request): Promise<unknown> => readJsonBody(request);

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
