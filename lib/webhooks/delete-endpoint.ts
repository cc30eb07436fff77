// Deleting an endpoint over the API. Its deliveries are its history (the dashboard shows every attempt), so an
// endpoint that has any is not deleted: it can be disabled instead. One conditional DELETE decides; a delivery
// fanned out to it at that very moment makes the foreign key refuse the DELETE, answered the same way.
import { db } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { retrieveWebhookEndpoint } from "./retrieve-endpoint";

const hasDeliveries = () =>
  new AppError("webhook_endpoint_has_deliveries", "This endpoint has deliveries, kept as its history; disable it instead (POST it with enabled: false).", "id");

export async function deleteWebhookEndpoint(merchantId: string, id: string): Promise<{ id: string }> {
  await retrieveWebhookEndpoint(merchantId, id);
  let deleted: { count: number };
  try {
    deleted = await db().webhookEndpoint.deleteMany({ where: { id, merchantId, deliveries: { none: {} } } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") throw hasDeliveries();
    throw error;
  }
  if (deleted.count === 0) {
    await retrieveWebhookEndpoint(merchantId, id);
    throw hasDeliveries();
  }
  return { id };
}
