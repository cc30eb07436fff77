// The delivery job: claims due deliveries of enabled endpoints (SKIP LOCKED, then a lease so that no other
// instance takes them while they are being sent), sends them, and records each attempt. A 2xx answer ends a
// delivery; anything else schedules the next try (retry-schedule.ts) until the schedule is used up. The
// delivery of an instance that dies mid-send is taken over once its lease has passed: at least once.
import { db } from "../db";
import { nextAttemptAt } from "./retry-schedule";
import { isSuccess, LEASE_MS, newLeaseToken, recordAttempt, sendDelivery, type SendOptions } from "./send-delivery";
import type { PostResult } from "./post-webhook";

const BATCH = 10;

export type DeliveryRun = { attempted: number; succeeded: number; failed: number; gaveUp: number };

async function claimDue(now: Date, token: string): Promise<{ id: string; attempts: number }[]> {
  const leaseEnd = new Date(now.getTime() + LEASE_MS);
  return db().$queryRaw<{ id: string; attempts: number }[]>`
    UPDATE webhook_deliveries AS d
       SET locked_until = ${leaseEnd}, lease_token = ${token}, attempts = d.attempts + 1, updated_at = ${now}
     WHERE d.id IN (
       SELECT due.id FROM webhook_deliveries AS due
         JOIN webhook_endpoints AS e ON e.id = due.endpoint_id
        WHERE due.status = 'pending' AND due.next_attempt_at <= ${now} AND e.enabled
          AND (due.locked_until IS NULL OR due.locked_until <= ${now})
        ORDER BY due.next_attempt_at LIMIT ${BATCH}
        FOR UPDATE OF due SKIP LOCKED)
    RETURNING d.id, d.attempts`;
}

async function complete(id: string, attempts: number, token: string, now: Date, result: PostResult): Promise<"succeeded" | "retry" | "gave-up"> {
  return db().$transaction(async (tx) => {
    await recordAttempt(tx, id, now, result, false);
    if (isSuccess(result)) {
      // Whoever holds the lease: the receiver has it, so the delivery is done.
      await tx.webhookDelivery.updateMany({
        where: { id, status: { not: "succeeded" } },
        data: { status: "succeeded", succeededAt: now, lastStatusCode: result.statusCode, nextAttemptAt: null, lockedUntil: null, leaseToken: null, updatedAt: now },
      });
      return "succeeded";
    }
    const next = nextAttemptAt(attempts, now);
    // Only the lease holder reschedules: an instance whose lease was taken over changes nothing.
    await tx.webhookDelivery.updateMany({
      where: { id, leaseToken: token, status: "pending" },
      data: { status: next ? "pending" : "failed", nextAttemptAt: next, lastStatusCode: result.statusCode, lockedUntil: null, leaseToken: null, updatedAt: now },
    });
    return next ? "retry" : "gave-up";
  });
}

/** `at`: the clock, for tests; without it each batch takes the time it starts, so its lease is a full one. */
export async function deliverDueWebhooks(at?: Date, options: SendOptions = {}): Promise<DeliveryRun> {
  const run: DeliveryRun = { attempted: 0, succeeded: 0, failed: 0, gaveUp: 0 };
  for (;;) {
    const now = at ?? new Date();
    const token = newLeaseToken();
    const claimed = await claimDue(now, token);
    const outcomes = await Promise.all(
      claimed.map(async ({ id, attempts }) => complete(id, attempts, token, now, await sendDelivery(id, now, options))),
    );
    run.attempted += outcomes.length;
    run.succeeded += outcomes.filter((o) => o === "succeeded").length;
    run.failed += outcomes.filter((o) => o !== "succeeded").length;
    run.gaveUp += outcomes.filter((o) => o === "gave-up").length;
    if (claimed.length < BATCH) return run;
  }
}
