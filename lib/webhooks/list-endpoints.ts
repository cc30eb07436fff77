import { db } from "../db";
import { ENDPOINT_FIELDS } from "./endpoint-fields";

/** A merchant's webhook endpoints, newest first. */
export async function listWebhookEndpoints(merchantId: string) {
  return db().webhookEndpoint.findMany({ where: { merchantId }, select: ENDPOINT_FIELDS, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

export type WebhookEndpointSummary = Awaited<ReturnType<typeof listWebhookEndpoints>>[number];
