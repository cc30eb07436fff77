// The REST answer to a batch with bad rows: the API's one error shape, plus `errors`, the rows at fault.
import type { BatchRowsError } from "./row-errors";

export function batchErrorResponse(error: BatchRowsError): Response {
  return Response.json(
    { error: { type: error.type, code: error.code, message: error.message, ...(error.param ? { param: error.param } : {}), errors: error.errors } },
    { status: error.status, headers: { "Cache-Control": "no-store" } },
  );
}
