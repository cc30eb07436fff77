// A webhook endpoint's signing secret is shown once, in the answer that created or rolled it, and is kept
// nowhere in clear: a stored answer (an Idempotency-Key's) drops it, so a replay shows the endpoint without
// its secret. A client that lost the first answer rolls the secret for a new one.

/** The JSON answer `body` without a webhook endpoint's `secret`; any other body unchanged. */
export function withoutEndpointSecret(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return body;
  const object = parsed as Record<string, unknown>;
  if (object.object !== "webhook_endpoint" || !("secret" in object)) return body;
  const { secret: _dropped, ...rest } = object;
  return JSON.stringify(rest);
}
