import { pool } from "../db";
import { AppError } from "../errors";
import { loadWithdraw } from "./load-withdraw";
import type { MerchantWithdraw } from "./merchant-withdraw";

export async function getWithdraw(merchantId: string, id: string): Promise<MerchantWithdraw> {
  const row = await loadWithdraw(pool(), merchantId, id);
  if (!row) throw new AppError("not_found", `No withdraw ${id}.`, "id");
  return row;
}

/** The withdraw, or null when this merchant has none with that id. */
export function findWithdraw(merchantId: string, id: string): Promise<MerchantWithdraw | null> {
  return loadWithdraw(pool(), merchantId, id);
}
