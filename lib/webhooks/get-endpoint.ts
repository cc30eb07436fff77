import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { ENDPOINT_FIELDS } from "./endpoint-fields";
import { endpointIdSchema } from "./schemas";

/** One of the merchant's endpoints with its most recent deliveries, each with its event and attempts (newest first). */
export async function getWebhookEndpoint(merchantId: string, id: unknown, recent = 50) {
  const endpointId = parseInput(endpointIdSchema, id);
  const endpoint = await db().webhookEndpoint.findFirst({
    where: { id: endpointId, merchantId },
    select: {
      ...ENDPOINT_FIELDS,
      deliveries: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: recent,
        select: {
          id: true,
          status: true,
          attempts: true,
          nextAttemptAt: true,
          lastStatusCode: true,
          createdAt: true,
          event: { select: { id: true, type: true, withdrawId: true, payoutId: true } },
          attemptsLog: {
            orderBy: [{ startedAt: "desc" }, { id: "desc" }],
            select: { id: true, startedAt: true, statusCode: true, latencyMs: true, error: true, manual: true },
          },
        },
      },
    },
  });
  if (!endpoint) throw new AppError("not_found", "No such webhook endpoint.", "id");
  return endpoint;
}

export type WebhookEndpointDetail = Awaited<ReturnType<typeof getWebhookEndpoint>>;
