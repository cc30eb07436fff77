import { rollWebhookEndpointSecret } from "@/lib/webhooks/roll-endpoint-secret";
import { endpointSecretRedaction } from "@/lib/webhooks/secret-in-json";
import { serializeWebhookEndpointWithSecret } from "@/lib/webhooks/serialize-endpoint";
import { otherMethods } from "@/lib/web/other-methods";
import { apiRoute, json, readJson } from "@/lib/web/api";

// The new secret is in this answer only (the redaction drops it from what the idempotency store keeps).
export const POST = apiRoute<{ id: string }>({ action: "webhooks.manage", redaction: endpointSecretRedaction }, async ({ request, caller, params }) =>
  json(serializeWebhookEndpointWithSecret(await rollWebhookEndpointSecret(caller.merchantId, params.id, await readJson(request)))),
);

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });
