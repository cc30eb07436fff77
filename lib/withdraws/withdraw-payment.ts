// A withdraw's payments in the payments engine (lib/payments/engine.ts): its own state SQL and serializer.
// A withdraw's payment is taken for sending by the LNURL callback's claim (claim-withdraw.ts), which
// inserts it `in_flight`. Succeeded: the withdraw is paid. Failed: the withdraw returns to unpaid and keeps
// its reservation, so its customer may try again with a new invoice. The payment's amount is its invoice's,
// anywhere in the withdraw's range; the reservation it settles against is the withdraw's whole target.
import { query, queryOne, raw, sql } from "../database/sql";
import type { DuePayment, PaymentKind, PaymentToSend, Resolution, Resolved } from "../payments/engine";
import { loadWithdraw, withdrawFromRow } from "./load-withdraw";
import type { WithdrawRow } from "./merchant-withdraw";
import { serializeWithdraw } from "./serialize-withdraw";

type Returned = Record<string, unknown> & {
  p_merchant_id: string;
  p_withdraw_id: string;
  p_amount_msat: bigint;
  p_reserved_msat: bigint;
  p_fee_limit_msat: bigint;
};

// The payment's RETURNING clause: what settling needs, and the live payment of the withdraw object.
const RETURNED = raw(`merchant_id AS p_merchant_id, withdraw_id AS p_withdraw_id, amount_msat AS p_amount_msat,
  (SELECT target_amount_msat FROM withdraws WHERE withdraws.id = withdraw_payments.withdraw_id) AS p_reserved_msat,
  fee_limit_msat AS p_fee_limit_msat, payment_hash AS p_payment_hash, invoice AS p_invoice, preimage AS p_preimage,
  fee_msat AS p_fee_msat, payee_pubkey AS p_payee_pubkey, status::text AS p_status`);

function resolved(row: Returned, withdraw: WithdrawRow, event: Resolved["event"]): Resolved {
  return {
    merchantId: row.p_merchant_id,
    amountMsat: row.p_reserved_msat,
    paidAmountMsat: row.p_amount_msat,
    feeLimitMsat: row.p_fee_limit_msat,
    link: { withdrawId: row.p_withdraw_id },
    event,
  };
}

export const WITHDRAW_PAYMENT: PaymentKind = {
  name: "payment",
  failurePolicy: "keep_reservation",

  async take(id): Promise<PaymentToSend | Resolution> {
    const row = await queryOne<{ status: string; invoice: string; payment_hash: string; amount_msat: bigint; fee_limit_msat: bigint }>(
      sql`SELECT status::text AS status, invoice, payment_hash, amount_msat, fee_limit_msat FROM withdraw_payments WHERE id = ${id}`,
    );
    if (!row) throw new Error(`Payment ${id} does not exist.`);
    if (row.status !== "in_flight") return row.status === "succeeded" ? "paid" : "failed";
    return { id, invoice: row.invoice, paymentHash: row.payment_hash, amountMsat: row.amount_msat, feeLimitMsat: row.fee_limit_msat };
  },

  async succeeded(client, id, { feeMsat, preimage }, now) {
    const [row] = await query<Returned>(
      sql`
      WITH p AS (
        UPDATE withdraw_payments SET status = 'succeeded', fee_msat = ${feeMsat}, preimage = ${preimage}, resolved_at = ${now}
         WHERE id = ${id} AND status = 'in_flight'
        RETURNING ${RETURNED}
      ), w AS (
        UPDATE withdraws w SET status = 'paid', paid_amount_msat = p.p_amount_msat, fees_msat = ${feeMsat}, paid_at = ${now}, updated_at = ${now}
          FROM p WHERE w.id = p.p_withdraw_id AND w.status = 'processing' AND w.claimed_payment_hash = p.p_payment_hash
        RETURNING w.*
      )
      SELECT w.*, p.* FROM p LEFT JOIN w ON true`,
      client,
    );
    if (!row) return null;
    const withdraw = withdrawFromRow(row);
    if (!withdraw) throw new Error(`Withdraw ${row.p_withdraw_id} was not processing payment ${id}.`);
    return resolved(row, withdraw, { merchantId: row.p_merchant_id, type: "withdraw.paid", withdrawId: withdraw.id, payload: serializeWithdraw(withdraw, "not_in_events", now) });
  },

  async failed(client, id, reason, now) {
    const [row] = await query<Returned>(
      sql`
      WITH p AS (
        UPDATE withdraw_payments SET status = 'failed', failure_reason = ${reason.slice(0, 500)}, resolved_at = ${now}
         WHERE id = ${id} AND status = 'in_flight'
        RETURNING ${RETURNED}
      ), w AS (
        UPDATE withdraws w SET status = 'unpaid', claimed_payment_hash = NULL, updated_at = ${now}
          FROM p WHERE w.id = p.p_withdraw_id AND w.status = 'processing' AND w.claimed_payment_hash = p.p_payment_hash
        RETURNING w.*
      )
      SELECT w.*, p.* FROM p LEFT JOIN w ON true`,
      client,
    );
    if (!row) return null;
    const withdraw = withdrawFromRow(row) ?? (await loadWithdraw(client, row.p_merchant_id, row.p_withdraw_id))!;
    return resolved(row, withdraw, {
      merchantId: row.p_merchant_id,
      type: "withdraw.payment_failed",
      withdrawId: withdraw.id,
      payload: { ...serializeWithdraw(withdraw, "not_in_events", now), failure_reason: reason },
    });
  },

  async resolution(id) {
    const row = await queryOne<{ status: string }>(sql`SELECT status::text AS status FROM withdraw_payments WHERE id = ${id}`);
    return row?.status === "succeeded" ? "paid" : row?.status === "failed" ? "failed" : "pending";
  },

  async due(now, recheckBefore, ours, limit): Promise<DuePayment[]> {
    const rows = await query<{ id: string; payment_hash: string; created_at: Date }>(sql`
      UPDATE withdraw_payments SET checked_at = ${now}
       WHERE id IN (
         SELECT id FROM withdraw_payments
          WHERE status = 'in_flight' AND created_at <= ${recheckBefore} AND NOT (id = ANY(${ours}::text[]))
            AND (checked_at IS NULL OR checked_at <= ${recheckBefore})
          ORDER BY checked_at NULLS FIRST LIMIT ${limit} FOR UPDATE SKIP LOCKED)
       RETURNING id, payment_hash, created_at`);
    return rows.map((r) => ({ id: r.id, paymentHash: r.payment_hash, sentAt: r.created_at }));
  },
};
