import { deleteWebhookEndpoint } from "@/lib/webhooks/delete-endpoint";
import { retrieveWebhookEndpoint } from "@/lib/webhooks/retrieve-endpoint";
import { serializeDeletedEndpoint, serializeWebhookEndpoint } from "@/lib/webhooks/serialize-endpoint";
import { updateWebhookEndpoint } from "@/lib/webhooks/update-endpoint";
import { otherMethods } from "@/lib/web/other-methods";
import { apiRoute, json, readJson } from "@/lib/web/api";

export const GET = apiRoute<{ id: string }>({ action: "webhooks.manage" }, async ({ caller, params }) =>
  json(serializeWebhookEndpoint(await retrieveWebhookEndpoint(caller.merchantId, params.id))),
);

export const POST = apiRoute<{ id: string }>({ action: "webhooks.manage" }, async ({ request, caller, params }) =>
  json(serializeWebhookEndpoint(await updateWebhookEndpoint(caller.merchantId, params.id, await readJson(request)))),
);

export const DELETE = apiRoute<{ id: string }>({ action: "webhooks.manage" }, async ({ caller, params }) =>
  json(serializeDeletedEndpoint((await deleteWebhookEndpoint(caller.merchantId, params.id)).id)),
);

export const { PUT, PATCH, OPTIONS } = otherMethods({ GET, POST, DELETE });
