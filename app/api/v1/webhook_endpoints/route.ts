import { listObject } from "@/lib/database/list-object";
import { parseInput } from "@/lib/validation";
import { apiCreateEndpointSchema } from "@/lib/webhooks/api-schemas";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { endpointSecretRedaction } from "@/lib/webhooks/secret-in-json";
import { pageWebhookEndpoints } from "@/lib/webhooks/page-endpoints";
import { serializeWebhookEndpoint, serializeWebhookEndpointWithSecret } from "@/lib/webhooks/serialize-endpoint";
import { otherMethods } from "@/lib/web/other-methods";
import { apiRoute, json, readJson } from "@/lib/web/api";

// The secret is in this answer only (the redaction drops it from what the idempotency store keeps).
export const POST = apiRoute({ action: "webhooks.manage", redaction: endpointSecretRedaction }, async ({ request, caller }) => {
  const input = parseInput(apiCreateEndpointSchema, await readJson(request));
  return json(serializeWebhookEndpointWithSecret(await createWebhookEndpoint(caller.merchantId, input)), 201);
});

export const GET = apiRoute({ action: "webhooks.manage" }, async ({ request, caller }) => {
  const url = new URL(request.url);
  const page = await pageWebhookEndpoints(caller.merchantId, Object.fromEntries(url.searchParams));
  return json(listObject(url.pathname, page.rows.map(serializeWebhookEndpoint), page.hasMore));
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
