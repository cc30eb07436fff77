// Payouts in the payments engine (lib/payments/engine.ts): their own state SQL and serializer. A payout
// moves `pending` → `processing` in one conditional UPDATE before the node is asked (so however many
// processes try, exactly one sends it, and a payout the reconciler has given up on can no longer be sent),
// then `paid`, or `failed` for good (a payout is one invoice), which releases its whole reservation.
import { modelRow, query, queryOne, sql, type Queryable } from "../database/sql";
import type { DuePayment, PaymentKind, PaymentToSend, Resolution, Resolved } from "../payments/engine";
import { serializePayout, type PayoutRow } from "./serialize-payout";

const PAYOUT_DECIMALS = ["amount", "exchangeRate"] as const;

function resolved(row: PayoutRow, type: "payout.paid" | "payout.failed", note: string): Resolved {
  return {
    merchantId: row.merchantId,
    // A payout pays exactly what it reserved.
    amountMsat: row.amountMsat,
    paidAmountMsat: row.amountMsat,
    feeLimitMsat: row.feeLimitMsat,
    link: { payoutId: row.id, note },
    event: { merchantId: row.merchantId, type, payoutId: row.id, payload: serializePayout(row) },
  };
}

async function updated(client: Queryable, statement: ReturnType<typeof sql>): Promise<PayoutRow | null> {
  const row = await queryOne<Record<string, unknown>>(statement, client);
  return row ? modelRow<PayoutRow>(row, PAYOUT_DECIMALS) : null;
}

async function statusOf(id: string): Promise<Resolution> {
  const row = await queryOne<{ status: string }>(sql`SELECT status::text AS status FROM payouts WHERE id = ${id}`);
  if (!row) throw new Error(`Payout ${id} does not exist.`);
  return row.status === "paid" || row.status === "failed" ? row.status : "pending";
}

export const PAYOUT_PAYMENT: PaymentKind = {
  name: "payout",
  failurePolicy: "release_reservation",

  async take(id, now): Promise<PaymentToSend | Resolution> {
    const row = await queryOne<{ invoice: string; payment_hash: string; amount_msat: bigint; fee_limit_msat: bigint }>(sql`
      UPDATE payouts SET status = 'processing', sent_at = ${now}, updated_at = ${now}
       WHERE id = ${id} AND status = 'pending'
      RETURNING invoice, payment_hash, amount_msat, fee_limit_msat`);
    if (!row) return statusOf(id);
    return { id, invoice: row.invoice, paymentHash: row.payment_hash, amountMsat: row.amount_msat, feeLimitMsat: row.fee_limit_msat };
  },

  async succeeded(client, id, { feeMsat, preimage }, now) {
    const row = await updated(
      client,
      sql`UPDATE payouts SET status = 'paid', fees_msat = ${feeMsat}, preimage = ${preimage}, paid_at = ${now}, updated_at = ${now}
           WHERE id = ${id} AND status = 'processing' RETURNING *`,
    );
    return row && resolved(row, "payout.paid", `Payout ${id}`);
  },

  async failed(client, id, reason, now, stage) {
    // A payout never handed to the node fails from `pending`; one sent, from `processing`. Never both: a
    // payout another process has just taken for sending is not failed from under it.
    const from = stage === "unsent" ? "pending" : "processing";
    const row = await updated(
      client,
      sql`UPDATE payouts SET status = 'failed', failure_reason = ${reason.slice(0, 500)}, failed_at = ${now}, updated_at = ${now}
           WHERE id = ${id} AND status = ${from}::"PayoutStatus" RETURNING *`,
    );
    return row && resolved(row, "payout.failed", `Payout ${id} failed`);
  },

  resolution: statusOf,

  async due(now, recheckBefore, ours, limit): Promise<DuePayment[]> {
    const rows = await query<{ id: string; payment_hash: string; sent_at: Date | null; created_at: Date }>(sql`
      UPDATE payouts SET checked_at = ${now}
       WHERE id IN (
         SELECT id FROM payouts
          WHERE status = 'processing' AND COALESCE(sent_at, created_at) <= ${recheckBefore} AND NOT (id = ANY(${ours}::text[]))
            AND (checked_at IS NULL OR checked_at <= ${recheckBefore})
          ORDER BY checked_at NULLS FIRST LIMIT ${limit} FOR UPDATE SKIP LOCKED)
       RETURNING id, payment_hash, sent_at, created_at`);
    return rows.map((r) => ({ id: r.id, paymentHash: r.payment_hash, sentAt: r.sent_at ?? r.created_at }));
  },

  async abandoned(before, ours, limit) {
    const rows = await query<{ id: string }>(sql`
      SELECT id FROM payouts WHERE status = 'pending' AND created_at <= ${before} AND NOT (id = ANY(${ours}::text[])) LIMIT ${limit}`);
    return rows.map((r) => r.id);
  },
};
