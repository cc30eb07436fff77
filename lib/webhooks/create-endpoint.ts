// Registering a webhook endpoint: its URL checked as deliveries will check it, and a new signing secret,
// returned this once and stored only encrypted.
import { db } from "../db";
import { newId } from "../ids";
import { parseInput } from "../validation";
import { ENDPOINT_FIELDS } from "./endpoint-fields";
import { createEndpointSchema } from "./schemas";
import { newWebhookSecret, sealSecret } from "./secret-box";
import type { Resolver } from "../outbound/target-policy";
import { resolveWebhookTarget, urlPolicy, type UrlPolicy } from "./url-policy";

export type CreatedEndpoint = { id: string; url: string; description: string | null; events: string[]; enabled: boolean; createdAt: Date; disabledAt: Date | null; previousSecretExpiresAt: Date | null; secret: string };

export async function createWebhookEndpoint(
  merchantId: string,
  input: unknown,
  options: { policy?: UrlPolicy; resolve?: Resolver; now?: Date } = {},
): Promise<CreatedEndpoint> {
  const data = parseInput(createEndpointSchema, input);
  await resolveWebhookTarget(data.url, options.policy ?? urlPolicy(), options.resolve);
  const secret = newWebhookSecret();
  const now = options.now ?? new Date();
  const endpoint = await db().webhookEndpoint.create({
    data: {
      id: newId("webhookEndpoint", now.getTime()),
      merchantId,
      url: data.url,
      description: data.description || null,
      events: data.events,
      secretEncrypted: sealSecret(secret),
      enabled: data.enabled,
      disabledAt: data.enabled ? null : now,
      createdAt: now,
    },
    select: { ...ENDPOINT_FIELDS, previousSecretExpiresAt: true },
  });
  return { ...endpoint, secret };
}
