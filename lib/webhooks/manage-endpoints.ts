// Reading and switching a merchant's webhook endpoints. Every query carries the merchant: another
// merchant's endpoint is simply not found.
import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { endpointIdSchema, setEnabledSchema } from "./schemas";

const ENDPOINT = { id: true, url: true, description: true, events: true, enabled: true, createdAt: true, disabledAt: true } as const;

export async function listWebhookEndpoints(merchantId: string) {
  return db().webhookEndpoint.findMany({ where: { merchantId }, select: ENDPOINT, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

export type WebhookEndpointSummary = Awaited<ReturnType<typeof listWebhookEndpoints>>[number];

export async function setWebhookEndpointEnabled(merchantId: string, input: unknown, now: Date = new Date()): Promise<WebhookEndpointSummary> {
  const { endpointId, enabled } = parseInput(setEnabledSchema, input);
  const updated = await db().webhookEndpoint.updateMany({
    where: { id: endpointId, merchantId },
    data: { enabled, disabledAt: enabled ? null : now },
  });
  if (updated.count === 0) throw new AppError("not_found", "No such webhook endpoint.", "endpointId");
  return db().webhookEndpoint.findFirstOrThrow({ where: { id: endpointId, merchantId }, select: ENDPOINT });
}

/** An endpoint with its most recent deliveries, each with its event and attempts (newest first). */
export async function getWebhookEndpoint(merchantId: string, id: unknown, recent = 50) {
  const endpointId = parseInput(endpointIdSchema, id);
  const endpoint = await db().webhookEndpoint.findFirst({
    where: { id: endpointId, merchantId },
    select: {
      ...ENDPOINT,
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
          event: { select: { id: true, type: true, withdrawId: true } },
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
