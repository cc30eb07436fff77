// Changing an endpoint over the API: any of url, events, description, enabled. A new URL is checked as
// creation and deliveries check it; the change is one conditional UPDATE scoped to the merchant.
import { db } from "../db";
import { parseInput } from "../validation";
import { updateEndpointSchema } from "./api-schemas";
import { retrieveWebhookEndpoint } from "./retrieve-endpoint";
import type { EndpointRow } from "./serialize-endpoint";
import type { Resolver } from "../outbound/target-policy";
import { resolveWebhookTarget, urlPolicy, type UrlPolicy } from "./url-policy";

export async function updateWebhookEndpoint(
  merchantId: string,
  id: string,
  input: unknown,
  options: { policy?: UrlPolicy; resolve?: Resolver; now?: Date } = {},
): Promise<EndpointRow> {
  await retrieveWebhookEndpoint(merchantId, id);
  const data = parseInput(updateEndpointSchema, input);
  if (data.url !== undefined) await resolveWebhookTarget(data.url, options.policy ?? urlPolicy(), options.resolve);
  const now = options.now ?? new Date();
  const changes = {
    ...(data.url !== undefined ? { url: data.url } : {}),
    ...(data.events !== undefined ? { events: data.events } : {}),
    ...(data.description !== undefined ? { description: data.description || null } : {}),
    ...(data.enabled !== undefined ? { enabled: data.enabled, disabledAt: data.enabled ? null : now } : {}),
  };
  if (Object.keys(changes).length > 0) await db().webhookEndpoint.updateMany({ where: { id, merchantId }, data: changes });
  return retrieveWebhookEndpoint(merchantId, id);
}
