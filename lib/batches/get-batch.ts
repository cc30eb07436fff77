import { db } from "../db";
import { AppError } from "../errors";
import { isId } from "../ids";
import { loadWithdrawsByIds } from "../withdraws/load-withdraw";
import type { BatchWithWithdraws } from "./create-batch";

/** One batch of one merchant with its withdraws in the file's row order; another merchant's is a 404. */
export async function getBatch(merchantId: string, id: string): Promise<BatchWithWithdraws> {
  const batch = isId("withdrawBatch", id) ? await db().withdrawBatch.findFirst({ where: { id, merchantId } }) : null;
  if (!batch) throw new AppError("not_found", `No batch ${id}.`, "id");
  const ids = await db().withdraw.findMany({ where: { batchId: id, merchantId }, orderBy: { batchRow: "asc" }, select: { id: true } });
  return { batch, withdraws: await loadWithdrawsByIds(merchantId, ids.map((w) => w.id)) };
}
