// The JSON body of a webhook: the event object, built only from the stored event, so every attempt (and
// every resend) sends the same bytes. It never carries a live withdraw link: payloads are stored without one,
// and a withdraw event's own withdraw object (the payload itself, never a value inside it such as metadata)
// has its link fields emptied here again, for events stored before that rule.
import { z } from "zod";
import { depositObjectSchema } from "../deposits/serialize-deposit";
import { EVENT_TYPES } from "../events/record-event";
import { payoutObjectSchema } from "../payouts/serialize-payout";
import { dropSlotLinks } from "../withdraws/link-slots";
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

function withoutLinks(event: StoredEvent): unknown {
  const payload = structuredClone(event.payload);
  const id = (payload as { id?: unknown } | null)?.id;
  if (event.type.startsWith("withdraw.") && typeof id === "string") dropSlotLinks(payload, [{ path: [], withdrawId: id }], "not_in_events");
  return payload;
}

export function webhookEventBody(event: StoredEvent): string {
  const body: WebhookEvent = webhookEventSchema.parse({
    id: event.id,
    object: "event",
    type: event.type,
    created: event.createdAt.getTime(),
    data: { object: withoutLinks(event) },
  });
  return JSON.stringify(body);
}
