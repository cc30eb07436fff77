// A webhook endpoint's signing secret is shown once, in the answer that created or rolled it, and is kept
// nowhere in clear: a stored answer (an Idempotency-Key's) drops it, so a replay shows the endpoint without
// its secret. A client that lost the first answer rolls the secret for a new one. The routes that answer a
// secret (create, roll) hand endpointSecretRedaction to apiRoute, which knows no domain.

/** Drops a webhook endpoint's `secret` from a parsed JSON answer, in place; any other value is left as it is. */
export function dropEndpointSecret(value: unknown): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return;
  const object = value as Record<string, unknown>;
  if (object.object === "webhook_endpoint") delete object.secret;
}

/** The redaction of the routes that answer a secret: the stored copy drops it, and a replay is that copy. */
export const endpointSecretRedaction = {
  redact: (value: unknown): void => dropEndpointSecret(value),
  restore: async (text: string): Promise<string> => text,
};
