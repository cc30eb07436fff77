// The fan-out: every event not yet dispatched becomes one delivery per enabled endpoint of its merchant that
// subscribes to its type, and is marked dispatched in the same transaction. Safe in every instance at once:
// each batch locks its events with SKIP LOCKED, and (event, endpoint) is unique.
import { db } from "../db";
import { newId } from "../ids";

const BATCH = 100;

export async function dispatchEvents(now: Date = new Date()): Promise<{ events: number; deliveries: number }> {
  const total = { events: 0, deliveries: 0 };
  for (;;) {
    const done = await db().$transaction(async (tx) => {
      const events = await tx.$queryRaw<{ id: string; merchant_id: string; type: string }[]>`
        SELECT id, merchant_id, type FROM events
         WHERE dispatched_at IS NULL
         ORDER BY created_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      if (events.length === 0) return { events: 0, deliveries: 0 };
      const endpoints = await tx.webhookEndpoint.findMany({
        where: { merchantId: { in: [...new Set(events.map((e) => e.merchant_id))] }, enabled: true },
        select: { id: true, merchantId: true, events: true },
      });
      const rows = events.flatMap((event) =>
        endpoints
          .filter((endpoint) => endpoint.merchantId === event.merchant_id && endpoint.events.includes(event.type))
          .map((endpoint) => ({
            id: newId("webhookDelivery", now.getTime()),
            merchantId: event.merchant_id,
            eventId: event.id,
            endpointId: endpoint.id,
            nextAttemptAt: now,
            createdAt: now,
            updatedAt: now,
          })),
      );
      const made = rows.length > 0 ? (await tx.webhookDelivery.createMany({ data: rows, skipDuplicates: true })).count : 0;
      await tx.event.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { dispatchedAt: now } });
      return { events: events.length, deliveries: made };
    });
    total.events += done.events;
    total.deliveries += done.deliveries;
    if (done.events < BATCH) return total;
  }
}
