// The one wrapper around REST route handlers: API-key authentication, scope, JSON body parsing, and the
// mapping of every error to { error: { type, code, message, param } } with its HTTP status.
import { authenticateApiKey, type ApiCaller } from "../api-keys/authenticate-api-key";
import { AppError, isAppError } from "../errors";

const MAX_BODY_BYTES = 64 * 1024;

type Context<P> = { params: Promise<P> };
type Handler<P> = (args: { request: Request; caller: ApiCaller; params: P }) => Promise<Response>;

export function errorResponse(error: AppError): Response {
  return Response.json(
    { error: { type: error.type, code: error.code, message: error.message, ...(error.param ? { param: error.param } : {}) } },
    { status: error.status, headers: { "Cache-Control": "no-store" } },
  );
}

export function apiRoute<P = Record<string, never>>(options: { write: boolean }, handler: Handler<P>) {
  return async (request: Request, context: Context<P>): Promise<Response> => {
    try {
      const caller = await authenticateApiKey(request.headers.get("authorization"));
      if (options.write && caller.scope !== "full") {
        throw new AppError("insufficient_scope", "This API key is read-only; use a key with full access for this request.");
      }
      return await handler({ request, caller, params: await context.params });
    } catch (error) {
      if (isAppError(error)) return errorResponse(error);
      console.error(`[api] ${request.method} ${new URL(request.url).pathname}:`, error);
      return errorResponse(new AppError("internal_error", "Something went wrong on our side. Try again later."));
    }
  };
}

/** The request's JSON body: a clear 400 for malformed JSON, a clear 413 for a body over 64 KB. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new AppError("validation_error", `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
  }
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("validation_error", "The request body is not valid JSON.");
  }
}

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
