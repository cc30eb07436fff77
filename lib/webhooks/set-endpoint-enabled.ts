import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { ENDPOINT_FIELDS } from "./endpoint-fields";
import type { WebhookEndpointSummary } from "./list-endpoints";
import { setEnabledSchema } from "./schemas";

/** Enables or disables one of the merchant's endpoints; another merchant's endpoint is not found. */
export async function setWebhookEndpointEnabled(merchantId: string, input: unknown, now: Date = new Date()): Promise<WebhookEndpointSummary> {
  const { endpointId, enabled } = parseInput(setEnabledSchema, input);
  const updated = await db().webhookEndpoint.updateMany({
    where: { id: endpointId, merchantId },
    data: { enabled, disabledAt: enabled ? null : now },
  });
  if (updated.count === 0) throw new AppError("not_found", "No such webhook endpoint.", "endpointId");
  return db().webhookEndpoint.findFirstOrThrow({ where: { id: endpointId, merchantId }, select: ENDPOINT_FIELDS });
}
