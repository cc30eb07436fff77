// A withdraw's payments in the payments engine (lib/payments/engine.ts): its own state SQL and serializer.
// A withdraw's payment is taken for sending by the LNURL callback's claim (claim-withdraw.ts), which
// inserts it `in_flight`. Succeeded: the withdraw is paid. Failed: the withdraw returns to unpaid and keeps
// its reservation, so its customer may try again with a new invoice.
import { modelRow, query, queryOne, raw, sql, type Queryable } from "../database/sql";
import type { WithdrawPayment } from "../generated/prisma/client";
import type { DuePayment, PaymentKind, PaymentToSend, Resolution, Resolved } from "../payments/engine";
import { serializeWithdraw, type WithdrawRow } from "./serialize-withdraw";

export const WITHDRAW_DECIMALS = ["amount", "exchangeRate"] as const;

type LivePayment = NonNullable<WithdrawRow["payment"]>;
type Returned = Record<string, unknown> & { p_merchant_id: string; p_withdraw_id: string; p_amount_msat: bigint; p_fee_limit_msat: bigint; id: string | null };

// The columns of the payment RETURNING clause, named apart from the withdraw's own.
const PAYMENT_COLUMNS = `merchant_id AS p_merchant_id, withdraw_id AS p_withdraw_id, amount_msat AS p_amount_msat,
  fee_limit_msat AS p_fee_limit_msat, payment_hash AS p_payment_hash, invoice AS p_invoice, preimage AS p_preimage,
  fee_msat AS p_fee_msat, payee_pubkey AS p_payee_pubkey, status::text AS p_status`;

function split(row: Returned): { withdraw: WithdrawRow | null; payment: LivePayment } {
  const payment = {
    paymentHash: row.p_payment_hash as string,
    invoice: row.p_invoice as string,
    preimage: row.p_preimage as string | null,
    feeMsat: row.p_fee_msat as bigint | null,
    payeePubkey: row.p_payee_pubkey as string,
    status: row.p_status as WithdrawPayment["status"],
  };
  if (row.id === null) return { withdraw: null, payment };
  const own = Object.fromEntries(Object.entries(row).filter(([column]) => !column.startsWith("p_")));
  // The live payment of the withdraw object: the succeeded one, or none after a failure.
  return { withdraw: { ...modelRow<WithdrawRow>(own, WITHDRAW_DECIMALS), payment: payment.status === "failed" ? null : payment }, payment };
}

async function loadWithdrawRow(client: Queryable, id: string): Promise<WithdrawRow> {
  const row = await queryOne<Record<string, unknown>>(sql`SELECT * FROM withdraws WHERE id = ${id}`, client);
  return { ...modelRow<WithdrawRow>(row!, WITHDRAW_DECIMALS), payment: null };
}

function resolved(row: Returned, withdraw: WithdrawRow, event: Resolved["event"]): Resolved {
  return { merchantId: row.p_merchant_id, amountMsat: row.p_amount_msat, feeLimitMsat: row.p_fee_limit_msat, link: { withdrawId: row.p_withdraw_id }, event };
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
        RETURNING ${raw(PAYMENT_COLUMNS)}
      ), w AS (
        UPDATE withdraws w SET status = 'paid', paid_amount_msat = p.p_amount_msat, fees_msat = ${feeMsat}, paid_at = ${now}, updated_at = ${now}
          FROM p WHERE w.id = p.p_withdraw_id AND w.status = 'processing' AND w.claimed_payment_hash = p.p_payment_hash
        RETURNING w.*
      )
      SELECT w.*, p.* FROM p LEFT JOIN w ON true`,
      client,
    );
    if (!row) return null;
    const { withdraw } = split(row);
    if (!withdraw) throw new Error(`Withdraw ${row.p_withdraw_id} was not processing payment ${id}.`);
    return resolved(row, withdraw, { merchantId: row.p_merchant_id, type: "withdraw.paid", withdrawId: withdraw.id, payload: serializeWithdraw(withdraw, "not_in_events", now) });
  },

  async failed(client, id, reason, now) {
    const [row] = await query<Returned>(
      sql`
      WITH p AS (
        UPDATE withdraw_payments SET status = 'failed', failure_reason = ${reason.slice(0, 500)}, resolved_at = ${now}
         WHERE id = ${id} AND status = 'in_flight'
        RETURNING ${raw(PAYMENT_COLUMNS)}
      ), w AS (
        UPDATE withdraws w SET status = 'unpaid', claimed_payment_hash = NULL, updated_at = ${now}
          FROM p WHERE w.id = p.p_withdraw_id AND w.status = 'processing' AND w.claimed_payment_hash = p.p_payment_hash
        RETURNING w.*
      )
      SELECT w.*, p.* FROM p LEFT JOIN w ON true`,
      client,
    );
    if (!row) return null;
    const withdraw = split(row).withdraw ?? (await loadWithdrawRow(client, row.p_withdraw_id));
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
