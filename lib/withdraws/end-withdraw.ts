// Ending an unpaid withdraw (cancel or expiry): one conditional UPDATE that only an unpaid withdraw passes,
// the release of its reservation, and the outbox event, all in one transaction.
import type { Tx } from "../db";
import { recordEvent } from "../events/record-event";
import { applyLedgerEntry } from "../ledger/apply-ledger-entries";
import { loadWithdraw } from "./load-withdraw";
import type { MerchantWithdraw } from "./merchant-withdraw";
import { serializeWithdraw } from "./serialize-withdraw";

type Ending = { kind: "cancelled"; at: Date } | { kind: "expired"; at: Date };

/** Null when the withdraw was not unpaid-and-in-time (for cancel) or unpaid-and-due (for expiry). */
export async function endUnpaidWithdraw(tx: Tx, merchantId: string, id: string, ending: Ending): Promise<MerchantWithdraw | null> {
  const rows =
    ending.kind === "cancelled"
      ? await tx.$queryRaw<{ target_amount_msat: bigint; fee_limit_msat: bigint }[]>`
          UPDATE withdraws SET status = 'cancelled', cancelled_at = ${ending.at}, updated_at = ${ending.at}
           WHERE id = ${id} AND merchant_id = ${merchantId} AND status = 'unpaid' AND expires_at > ${ending.at}
           RETURNING target_amount_msat, fee_limit_msat`
      : await tx.$queryRaw<{ target_amount_msat: bigint; fee_limit_msat: bigint }[]>`
          UPDATE withdraws SET status = 'expired', expired_at = expires_at, updated_at = ${ending.at}
           WHERE id = ${id} AND merchant_id = ${merchantId} AND status = 'unpaid' AND expires_at <= ${ending.at}
           RETURNING target_amount_msat, fee_limit_msat`;
  const ended = rows[0];
  if (!ended) return null;
  const reserved = ended.target_amount_msat + ended.fee_limit_msat;
  await applyLedgerEntry(tx, { merchantId, kind: "release", availableDeltaMsat: reserved, reservedDeltaMsat: -reserved, withdrawId: id });
  const row = (await loadWithdraw(tx, merchantId, id))!;
  await recordEvent(tx, {
    merchantId,
    type: ending.kind === "cancelled" ? "withdraw.cancelled" : "withdraw.expired",
    withdrawId: id,
    payload: serializeWithdraw(row, "not_in_events", ending.at),
  });
  return row;
}
