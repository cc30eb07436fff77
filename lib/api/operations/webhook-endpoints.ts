// Webhook endpoints: their REST operations, each with its method, path, the permission-table action its handler
// asks for, and its OpenAPI prose. Part of the one route registry (lib/api/registry.ts).
import { apiCreateEndpointSchema, rollSecretSchema, updateEndpointSchema } from "../../webhooks/api-schemas";
import { listEndpointsQuerySchema } from "../../webhooks/page-endpoints";
import type { ApiOperation } from "../operation";
import { pagedList } from "./paged-list";

const ID = "The webhook endpoint's id.";
const ID_PATTERN = "^we_[0-9a-z]{26}$";
const URL_RULES = "The URL must be `https://` and must not be, or resolve to, a private, loopback or otherwise internal address; it is checked again before every delivery.";

export const WEBHOOK_ENDPOINT_OPERATIONS: ApiOperation[] = [
  {
    method: "POST",
    path: "/api/v1/webhook_endpoints",
    action: "webhooks.manage",
    operationId: "createWebhookEndpoint",
    summary: "Create a webhook endpoint",
    description: `Registers a URL for the chosen event types. ${URL_RULES} The answer carries the signing \`secret\`, shown this once; a replay of the request under its Idempotency-Key answers the endpoint without it.`,
    body: apiCreateEndpointSchema,
    success: { status: 201, description: "The new endpoint, with its secret.", schema: "WebhookEndpointWithSecret" },
    errors: [400, 401, 409, 413, 429],
  },
  pagedList({
    path: "/api/v1/webhook_endpoints",
    action: "webhooks.manage",
    operationId: "listWebhookEndpoints",
    summary: "List webhook endpoints",
    query: listEndpointsQuerySchema,
    page: "A page of webhook endpoints (never their secrets).",
    schema: "WebhookEndpointList",
  }),
  {
    method: "GET",
    path: "/api/v1/webhook_endpoints/{id}",
    action: "webhooks.manage",
    operationId: "retrieveWebhookEndpoint",
    summary: "Retrieve a webhook endpoint",
    description: "The endpoint, without its secret.",
    pathId: ID,
    pathIdPattern: ID_PATTERN,
    success: { status: 200, description: "The endpoint.", schema: "WebhookEndpoint" },
    errors: [401, 404, 429],
  },
  {
    method: "POST",
    path: "/api/v1/webhook_endpoints/{id}",
    action: "webhooks.manage",
    operationId: "updateWebhookEndpoint",
    summary: "Update a webhook endpoint",
    description: `Changes any of \`url\`, \`events\`, \`description\` and \`enabled\` (a disabled endpoint gets no new deliveries). ${URL_RULES}`,
    pathId: ID,
    pathIdPattern: ID_PATTERN,
    body: updateEndpointSchema,
    success: { status: 200, description: "The endpoint as changed.", schema: "WebhookEndpoint" },
    errors: [400, 401, 404, 409, 413, 429],
  },
  {
    method: "DELETE",
    path: "/api/v1/webhook_endpoints/{id}",
    action: "webhooks.manage",
    operationId: "deleteWebhookEndpoint",
    summary: "Delete a webhook endpoint",
    description: "Deletes an endpoint that has no deliveries. One that has deliveries keeps them as its history and is refused with 409 `webhook_endpoint_has_deliveries`: disable it instead.",
    pathId: ID,
    pathIdPattern: ID_PATTERN,
    success: { status: 200, description: "The deleted endpoint's id.", schema: "DeletedWebhookEndpoint" },
    errors: [401, 404, 409, 429],
  },
  {
    method: "POST",
    path: "/api/v1/webhook_endpoints/{id}/roll_secret",
    action: "webhooks.manage",
    operationId: "rollWebhookEndpointSecret",
    summary: "Roll a webhook endpoint's secret",
    description:
      "Makes a new signing secret, answered this once. Until `previous_secret_expires_at` (`expires_in_seconds` from now, default 24 h, at most 7 days, 0 for none) each delivery's Sluice-Signature carries two `v1=` signatures, the new secret's first and the old one's second, so a receiver verifying with either succeeds; after it, only the new secret signs. Rolling again during an overlap drops the oldest secret at once. A replay under the Idempotency-Key answers without the secret.",
    pathId: ID,
    pathIdPattern: ID_PATTERN,
    body: rollSecretSchema,
    success: { status: 200, description: "The endpoint, with its new secret.", schema: "WebhookEndpointWithSecret" },
    errors: [400, 401, 404, 409, 413, 429],
  },
];
