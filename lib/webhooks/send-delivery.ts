// One attempt of one delivery: the stored event as the signed body, the endpoint's URL checked again (and
// the connection pinned to the checked address), the POST, and the attempt's record.
import { randomUUID } from "node:crypto";
import { db, type Tx } from "../db";
import { isAppError } from "../errors";
import { newId } from "../ids";
import { webhookEventBody } from "./event-body";
import { postWebhook, type PostResult } from "./post-webhook";
import { openSecret } from "./secret-box";
import { SIGNATURE_HEADER, signPayload } from "./signature";
import type { Resolver } from "../outbound/target-policy";
import { resolveWebhookTarget, urlPolicy, type UrlPolicy } from "./url-policy";

export type SendOptions = { policy?: UrlPolicy; resolve?: Resolver; timeoutMs?: number };

// Longer than a POST may take, so that a live instance is never overtaken; after it, the delivery of an
// instance that died is taken over by another.
export const LEASE_MS = 60_000;

export const newLeaseToken = () => randomUUID();

export const isSuccess = (result: PostResult) => result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;

/** The current secret, and the one a roll replaced while its overlap lasts (it ends at its expiry, exclusive). */
export function signingSecrets(
  endpoint: { secretEncrypted: string; previousSecretEncrypted: string | null; previousSecretExpiresAt: Date | null },
  now: Date,
): string[] {
  const current = openSecret(endpoint.secretEncrypted);
  const { previousSecretEncrypted: previous, previousSecretExpiresAt: until } = endpoint;
  return previous !== null && until !== null && now.getTime() < until.getTime() ? [current, openSecret(previous)] : [current];
}

export async function sendDelivery(deliveryId: string, now: Date, options: SendOptions = {}): Promise<PostResult> {
  const delivery = await db().webhookDelivery.findUniqueOrThrow({
    where: { id: deliveryId },
    select: {
      id: true,
      event: { select: { id: true, type: true, createdAt: true, payload: true } },
      endpoint: { select: { url: true, secretEncrypted: true, previousSecretEncrypted: true, previousSecretExpiresAt: true } },
    },
  });
  const started = performance.now();
  try {
    const target = await resolveWebhookTarget(delivery.endpoint.url, options.policy ?? urlPolicy(), options.resolve);
    const body = webhookEventBody(delivery.event);
    const timestamp = Math.floor(now.getTime() / 1000);
    const headers = {
      "Content-Type": "application/json",
      "User-Agent": "Sluice-Webhooks/1.0",
      [SIGNATURE_HEADER]: signPayload(signingSecrets(delivery.endpoint, now), body, timestamp),
      "Sluice-Event-Id": delivery.event.id,
      "Sluice-Event-Type": delivery.event.type,
      "Sluice-Delivery-Id": delivery.id,
    };
    return await postWebhook(target, body, headers, options.timeoutMs);
  } catch (error) {
    // A refused URL is the merchant's to fix and is shown as it is; anything else stays in the logs.
    const latencyMs = Math.round(performance.now() - started);
    if (isAppError(error)) return { statusCode: null, latencyMs, error: `Not sent: ${error.message}` };
    console.error(`[webhooks] delivery ${deliveryId}:`, error);
    return { statusCode: null, latencyMs, error: "Not sent: an internal error (see the server log)." };
  }
}

export async function recordAttempt(tx: Tx, deliveryId: string, startedAt: Date, result: PostResult, manual: boolean): Promise<void> {
  await tx.webhookAttempt.create({
    data: {
      id: newId("webhookAttempt", startedAt.getTime()),
      deliveryId,
      startedAt,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error: result.error?.slice(0, 500) ?? null,
      manual,
    },
    select: { id: true },
  });
}
