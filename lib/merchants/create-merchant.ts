import type { Tx } from "../db";
import { newId } from "../ids";

/** A merchant with its (empty) balance row, inside the caller's transaction. */
export async function createMerchant(tx: Tx, name: string): Promise<string> {
  const id = newId("merchant");
  await tx.merchant.create({ data: { id, name, balance: { create: {} } }, select: { id: true } });
  return id;
}
