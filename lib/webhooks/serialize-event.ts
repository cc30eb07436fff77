// The event object of the REST API is the webhook body of that event, byte for byte: the same builder, so an
// integrator reading events after an outage sees exactly what a webhook would have carried, and like a webhook
// body it never carries a live withdraw link (payloads are stored without one and the builder removes links
// again).
import { listObjectSchema } from "../database/list-object";
import { webhookEventBody, webhookEventSchema, type StoredEvent, type WebhookEvent } from "./event-body";

export const eventObjectSchema = webhookEventSchema;
export const eventListSchema = listObjectSchema(eventObjectSchema);

export function serializeEvent(event: StoredEvent): WebhookEvent {
  return JSON.parse(webhookEventBody(event)) as WebhookEvent;
}
