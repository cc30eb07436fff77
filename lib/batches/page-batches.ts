// The REST list of batches, paged as every list is (lib/database/keyset-page.ts). Each batch comes without its
// withdraws (up to 1000 each): retrieving one batch gives them.
import type { WithdrawBatch } from "../generated/prisma/client";
import { pagedQuerySchema, pageIds, pagingShape } from "../database/keyset-page";
import { db } from "../db";
import { parseInput } from "../validation";

export const listBatchesQuerySchema = pagedQuerySchema(pagingShape({ noun: "batch", plural: "batches", idPrefix: "wb" }));

export async function pageBatches(merchantId: string, input: unknown): Promise<{ rows: WithdrawBatch[]; hasMore: boolean }> {
  const query = parseInput(listBatchesQuerySchema, input);
  const { ids, hasMore } = await pageIds("withdraw_batches", "batch", merchantId, query);
  const rows = ids.length ? await db().withdrawBatch.findMany({ where: { id: { in: ids }, merchantId } }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.flatMap((id) => byId.get(id) ?? []), hasMore };
}
