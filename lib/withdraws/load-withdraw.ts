import { modelRow, query, queryOn, raw, sql, type Queryable } from "../database/sql";
import type { Db, Tx } from "../db";
import type { Withdraw, WithdrawPayment } from "../generated/prisma/client";
import { readForMerchant, type MerchantWithdraw } from "./merchant-withdraw";
import type { WithdrawRow } from "./merchant-withdraw";

/** The Withdraw model's Decimal fields (numeric columns). */
export const WITHDRAW_DECIMALS = ["amount", "exchangeRate", "minAmount"] as const;

type LivePayment = NonNullable<WithdrawRow["payment"]>;

/** The payment columns a statement returns beside a withdraw's `*`, named apart from the withdraw's own (p_…). */
const PAYMENT_COLUMNS = raw(`payment_hash AS p_payment_hash, invoice AS p_invoice, preimage AS p_preimage, fee_msat AS p_fee_msat,
  payee_pubkey AS p_payee_pubkey, status::text AS p_status`);

/**
 * A row of withdraw columns and PAYMENT_COLUMNS as a WithdrawRow; the payment is the live one (in flight
 * or succeeded) or none. Null when the withdraw columns are null (an outer join found no withdraw).
 */
export function withdrawFromRow(row: Record<string, unknown>): WithdrawRow | null {
  if (row.id === null || row.id === undefined) return null;
  const own: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) if (!column.startsWith("p_")) own[column] = value;
  const status = row.p_status as WithdrawPayment["status"] | null;
  const payment: LivePayment | null =
    status === "in_flight" || status === "succeeded"
      ? {
          paymentHash: row.p_payment_hash as string,
          invoice: row.p_invoice as string,
          preimage: row.p_preimage as string | null,
          feeMsat: row.p_fee_msat as bigint | null,
          payeePubkey: row.p_payee_pubkey as string,
          status,
        }
      : null;
  return { ...modelRow<Withdraw>(own, WITHDRAW_DECIMALS), payment };
}

// Withdraws with their live payment (in flight or succeeded: at most one, the claim makes sure), in one
// statement. The one place that says which payment a withdraw object shows.
const WITH_LIVE_PAYMENT = raw(`SELECT w.*, p.* FROM withdraws w
  LEFT JOIN LATERAL (SELECT ${PAYMENT_COLUMNS.text} FROM withdraw_payments
                      WHERE withdraw_id = w.id AND status IN ('in_flight', 'succeeded') LIMIT 1) p ON true`);

/** One withdraw of one merchant with its live payment, or null. The row may carry that merchant's links. */
export async function loadWithdraw(client: Db | Tx | Queryable, merchantId: string, id: string): Promise<MerchantWithdraw | null> {
  const rows = await queryOn<Record<string, unknown>>(client, sql`${WITH_LIVE_PAYMENT} WHERE w.id = ${id} AND w.merchant_id = ${merchantId}`);
  return rows[0] ? readForMerchant(merchantId, withdrawFromRow(rows[0])!) : null;
}

/** Several withdraws of one merchant, in the order of `ids` (ids of other merchants find nothing). */
export async function loadWithdrawsByIds(merchantId: string, ids: string[]): Promise<MerchantWithdraw[]> {
  if (ids.length === 0) return [];
  const rows = await query<Record<string, unknown>>(sql`${WITH_LIVE_PAYMENT} WHERE w.id = ANY(${ids}::text[]) AND w.merchant_id = ${merchantId}`);
  const byId = new Map(rows.map((row) => [row.id as string, readForMerchant(merchantId, withdrawFromRow(row)!)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
