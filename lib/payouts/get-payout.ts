import { db } from "../db";
import { AppError } from "../errors";
import type { PayoutRow } from "./serialize-payout";

/** One payout of one merchant; another merchant's payout is a plain not-found. */
export async function getPayout(merchantId: string, id: string): Promise<PayoutRow> {
  const row = await db().payout.findFirst({ where: { id, merchantId } });
  if (!row) throw new AppError("not_found", `No payout ${id}.`, "id");
  return row;
}

export function findPayout(merchantId: string, id: string): Promise<PayoutRow | null> {
  return db().payout.findFirst({ where: { id, merchantId } });
}
