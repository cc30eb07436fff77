// The webhook endpoint object of the REST API. It never carries a secret: the create and roll answers add
// `secret` once (webhookEndpointWithSecretSchema), and nothing else ever shows it again.
import { z } from "zod";
import { EVENT_TYPES } from "../events/record-event";

export const webhookEndpointObjectSchema = z.object({
  id: z.string().startsWith("we_"),
  object: z.literal("webhook_endpoint"),
  url: z.string().describe("Where deliveries are POSTed."),
  description: z.string().nullable(),
  events: z.array(z.enum(EVENT_TYPES)).describe("The event types delivered to it."),
  enabled: z.boolean().describe("A disabled endpoint gets no new deliveries."),
  created: z.number().int().describe("Epoch milliseconds."),
  disabled_at: z.number().int().nullable().describe("When it was disabled (epoch ms), or null."),
  previous_secret_expires_at: z
    .number()
    .int()
    .nullable()
    .describe("After a roll: until when (epoch ms) the replaced secret still signs deliveries next to the new one; null if never rolled."),
});

export const webhookEndpointWithSecretSchema = webhookEndpointObjectSchema.extend({
  secret: z.string().startsWith("whsec_").describe("The signing secret, shown in this answer only. A replay of this request under its Idempotency-Key omits it."),
});

export type EndpointRow = {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  createdAt: Date;
  disabledAt: Date | null;
  previousSecretExpiresAt: Date | null;
};

export const ENDPOINT_OBJECT_FIELDS = {
  id: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  createdAt: true,
  disabledAt: true,
  previousSecretExpiresAt: true,
} as const;

export function serializeWebhookEndpoint(row: EndpointRow): z.output<typeof webhookEndpointObjectSchema> {
  return webhookEndpointObjectSchema.parse({
    id: row.id,
    object: "webhook_endpoint",
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    created: row.createdAt.getTime(),
    disabled_at: row.disabledAt?.getTime() ?? null,
    previous_secret_expires_at: row.previousSecretExpiresAt?.getTime() ?? null,
  });
}

/** The create and roll answers: the object with its secret, this once. */
export function serializeWebhookEndpointWithSecret(row: EndpointRow & { secret: string }) {
  return { ...serializeWebhookEndpoint(row), secret: row.secret };
}

export const deletedEndpointObjectSchema = z.object({ id: z.string().startsWith("we_"), object: z.literal("webhook_endpoint"), deleted: z.literal(true) });

export const serializeDeletedEndpoint = (id: string): z.output<typeof deletedEndpointObjectSchema> => ({ id, object: "webhook_endpoint", deleted: true });
