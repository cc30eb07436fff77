// A resend by hand: one more attempt now, whatever the delivery's state (also after it gave up or
// succeeded). A success marks the delivery succeeded; a failure leaves its state and schedule as they were.
import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { deliveryIdSchema } from "./schemas";
import { isSuccess, LEASE_MS, newLeaseToken, recordAttempt, sendDelivery, type SendOptions } from "./send-delivery";
import type { PostResult } from "./post-webhook";

export async function resendWebhookDelivery(
  merchantId: string,
  deliveryId: unknown,
  now: Date = new Date(),
  options: SendOptions = {},
): Promise<PostResult> {
  const id = parseInput(deliveryIdSchema, deliveryId);
  const token = newLeaseToken();
  const claimed = await db().webhookDelivery.updateMany({
    where: { id, merchantId, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
    data: { lockedUntil: new Date(now.getTime() + LEASE_MS), leaseToken: token },
  });
  if (claimed.count === 0) {
    const exists = await db().webhookDelivery.count({ where: { id, merchantId } });
    if (!exists) throw new AppError("not_found", "No such webhook delivery.", "deliveryId");
    throw new AppError("webhook_delivery_busy", "This delivery is being sent right now. Try again in a minute.");
  }
  const result = await sendDelivery(id, now, options);
  await db().$transaction(async (tx) => {
    await recordAttempt(tx, id, now, result, true);
    await tx.webhookDelivery.updateMany({
      where: { id, leaseToken: token },
      data: isSuccess(result)
        ? { status: "succeeded", succeededAt: now, lastStatusCode: result.statusCode, nextAttemptAt: null, lockedUntil: null, leaseToken: null, updatedAt: now }
        : { lastStatusCode: result.statusCode, lockedUntil: null, leaseToken: null, updatedAt: now },
    });
  });
  return result;
}
