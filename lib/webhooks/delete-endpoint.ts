// Deleting an endpoint over the API. Its deliveries are its history (the dashboard shows every attempt), so an
// endpoint that has any is not deleted: it can be disabled instead. One conditional DELETE decides, so a
// delivery fanned out meanwhile cannot be orphaned.
import { db } from "../db";
import { AppError } from "../errors";
import { retrieveWebhookEndpoint } from "./retrieve-endpoint";

export async function deleteWebhookEndpoint(merchantId: string, id: string): Promise<{ id: string }> {
  await retrieveWebhookEndpoint(merchantId, id);
  const deleted = await db().webhookEndpoint.deleteMany({ where: { id, merchantId, deliveries: { none: {} } } });
  if (deleted.count === 0) {
    await retrieveWebhookEndpoint(merchantId, id);
    throw new AppError(
      "webhook_endpoint_has_deliveries",
      "This endpoint has deliveries, kept as its history; disable it instead (POST it with enabled: false).",
      "id",
    );
  }
  return { id };
}
