import { db } from "../db";
import { AppError } from "../errors";
import { isId } from "../ids";
import { ENDPOINT_OBJECT_FIELDS, type EndpointRow } from "./serialize-endpoint";

/** One of the merchant's endpoints as the API shows it; an unknown id or another merchant's is not found. */
export async function retrieveWebhookEndpoint(merchantId: string, id: string): Promise<EndpointRow> {
  const row = isId("webhookEndpoint", id) ? await db().webhookEndpoint.findFirst({ where: { id, merchantId }, select: ENDPOINT_OBJECT_FIELDS }) : null;
  if (!row) throw new AppError("not_found", `No webhook endpoint ${id}.`, "id");
  return row;
}
