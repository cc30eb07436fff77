// The sweep that persists expiry (reads already report it): safe in every instance at once, since each
// batch locks its rows with SKIP LOCKED and each withdraw ends through a conditional update.
import { db } from "../db";
import { endUnpaidWithdraw } from "./end-withdraw";

const BATCH = 100;

export async function expireDueWithdraws(now: Date = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await db().$transaction(async (tx) => {
      const due = await tx.$queryRaw<{ id: string; merchant_id: string }[]>`
        SELECT id, merchant_id FROM withdraws
         WHERE status = 'unpaid' AND expires_at <= ${now}
         ORDER BY expires_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      let count = 0;
      for (const w of due) if (await endUnpaidWithdraw(tx, w.merchant_id, w.id, { kind: "expired", at: now })) count++;
      return { count, batch: due.length };
    });
    total += expired.count;
    if (expired.batch < BATCH) return total;
  }
}
