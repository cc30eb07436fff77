import { db } from "../db";
import { AppError } from "../errors";
import { endUnpaidWithdraw } from "./end-withdraw";
import { loadWithdraw } from "./load-withdraw";
import type { MerchantWithdraw } from "./merchant-withdraw";
import { effectiveStatus } from "./serialize-withdraw";

const NOT_CANCELLABLE = {
  processing: "This withdraw is being paid right now and can no longer be cancelled.",
  paid: "This withdraw has been paid and cannot be cancelled.",
  expired: "This withdraw has expired; its reservation is released without cancelling.",
  cancelled: "This withdraw is already cancelled.",
} as const;

/** Cancels an unpaid withdraw and releases its reservation. Only `unpaid` can be cancelled: a `processing`
 *  withdraw has a payment in flight, and a paid, expired or cancelled one has nothing left to release. */
export async function cancelWithdraw(merchantId: string, id: string, now: Date = new Date()): Promise<MerchantWithdraw> {
  const cancelled = await db().$transaction((tx) => endUnpaidWithdraw(tx, merchantId, id, { kind: "cancelled", at: now }));
  if (cancelled) return cancelled;
  const row = await loadWithdraw(db(), merchantId, id);
  if (!row) throw new AppError("not_found", `No withdraw ${id}.`, "id");
  const status = effectiveStatus(row, now);
  throw new AppError("withdraw_not_cancellable", NOT_CANCELLABLE[status as keyof typeof NOT_CANCELLABLE] ?? "This withdraw cannot be cancelled.");
}
