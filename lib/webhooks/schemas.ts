// What the dashboard sends to create or change a webhook endpoint.
import { z } from "zod";
import { EVENT_TYPES } from "../events/record-event";
import { isId } from "../ids";
import { MAX_URL_LENGTH } from "./url-policy";

export const createEndpointSchema = z.object({
  url: z.string().trim().min(1, "Enter the URL that should receive the events.").max(MAX_URL_LENGTH, "Use a URL of at most 2048 characters."),
  description: z.string().trim().max(200, "Keep the description to 200 characters.").optional().default(""),
  events: z
    .array(z.enum(EVENT_TYPES, { error: "Choose events from the list." }))
    .min(1, "Choose at least one event.")
    .transform((list) => [...new Set(list)]),
  // The dashboard's form creates enabled endpoints; the API may create one disabled.
  enabled: z.boolean({ error: "enabled must be true or false." }).optional().default(true),
});

export type CreateEndpointInput = z.input<typeof createEndpointSchema>;

export const endpointIdSchema = z.string().refine((v) => isId("webhookEndpoint", v), "Unknown webhook endpoint.");
export const deliveryIdSchema = z.string().refine((v) => isId("webhookDelivery", v), "Unknown webhook delivery.");

export const setEnabledSchema = z.object({ endpointId: endpointIdSchema, enabled: z.boolean() });
