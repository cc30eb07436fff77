// The JSON body of a webhook: the event object, built only from the stored event, so every attempt (and
// every resend) sends the same bytes. It never carries a live withdraw link: payloads are stored without one,
// and links are removed here again for events stored before that rule.
import { z } from "zod";
import { depositObjectSchema } from "../deposits/serialize-deposit";
import { EVENT_TYPES } from "../events/record-event";
import { payoutObjectSchema } from "../payouts/serialize-payout";
import { withoutLinks } from "../withdraws/links-in-json";
import { withdrawObjectSchema } from "../withdraws/serialize-withdraw";

export const webhookEventSchema = z.object({
  id: z.string().startsWith("evt_"),
  object: z.literal("event"),
  type: z.enum(EVENT_TYPES),
  created: z.number().int(),
  // withdraw.* events carry a withdraw, payout.* events a payout, deposit.* events a deposit.
  data: z.object({ object: z.union([withdrawObjectSchema, payoutObjectSchema, depositObjectSchema]) }),
});

export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export type StoredEvent = { id: string; type: string; createdAt: Date; payload: unknown };

export function webhookEventBody(event: StoredEvent): string {
  const body: WebhookEvent = webhookEventSchema.parse({
    id: event.id,
    object: "event",
    type: event.type,
    created: event.createdAt.getTime(),
    data: { object: withoutLinks(event.payload, "not_in_events") },
  });
  return JSON.stringify(body);
}
